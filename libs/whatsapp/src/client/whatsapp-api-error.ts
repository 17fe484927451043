/**
 * How a failed Cloud API call should be handled:
 * - `outside_window`: 131047, the 24-hour customer service window is closed; only a template goes out. Not retried.
 * - `undeliverable`: 131026, the recipient cannot receive it (no WhatsApp, old app, terms not accepted). Not retried.
 * - `throttled`: 130429 (throughput), 131056 (pair rate), 4 / 80007 (app or account call limits), HTTP 429. Retried with backoff.
 * - `invalid_token`: 190 or HTTP 401. Not retried; the caller marks the clinic's configuration as needing a new token.
 * - `template`: 132000–132015, 132068, 132069 (missing, paused, disabled template; parameter mismatch; flow blocked or throttled).
 *   Logged as a template error, not retried.
 * - `parameter`: 100, 131008, 131009, 131021 and any other 4xx. Not retried: the same request fails the same way.
 * - `transient`: HTTP 5xx, 131000 (something went wrong), 131016 (service unavailable), network errors, timeouts. Retried.
 */
export type WhatsAppErrorKind = 'outside_window' | 'undeliverable' | 'throttled' | 'invalid_token' | 'template' | 'parameter' | 'transient';

/** Which client call failed. */
export type WhatsAppOperation = 'send' | 'markAsRead' | 'mediaInfo' | 'downloadMedia';

const RETRYABLE: Record<WhatsAppErrorKind, boolean> = {
  outside_window: false,
  undeliverable: false,
  throttled: true,
  invalid_token: false,
  template: false,
  parameter: false,
  transient: true,
};

const THROTTLED_CODES = new Set([130429, 131056, 4, 80007]);
const TEMPLATE_CODES = new Set([132068, 132069]);
const TRANSIENT_CODES = new Set([131000, 131016]);

/**
 * Classifies a Graph API failure. Meta's `code` decides first (it is more precise than the HTTP
 * status: 131047, 131056 or 132001 all come as HTTP 400); the status decides when the code is
 * unknown or absent. `httpStatus` is undefined when no answer came (network error, timeout).
 */
export function classifyWhatsAppError(httpStatus: number | undefined, code: number | undefined): WhatsAppErrorKind {
  if (code === 131047) return 'outside_window';
  if (code === 131026) return 'undeliverable';
  if ((code !== undefined && THROTTLED_CODES.has(code)) || httpStatus === 429) return 'throttled';
  if (code === 190 || httpStatus === 401) return 'invalid_token';
  if (code !== undefined && ((code >= 132000 && code <= 132015) || TEMPLATE_CODES.has(code))) return 'template';
  if (code !== undefined && TRANSIENT_CODES.has(code)) return 'transient';
  if (httpStatus === undefined || httpStatus >= 500) return 'transient';
  if (httpStatus >= 400) return 'parameter';
  // A 2xx or 3xx answer that is not what the endpoint returns (no message id, not JSON): Meta may or may
  // not have acted, and a later try is the only way to find out.
  return 'transient';
}

export function isRetryable(kind: WhatsAppErrorKind): boolean {
  return RETRYABLE[kind];
}

export interface WhatsAppApiErrorInit {
  operation: WhatsAppOperation;
  /** Undefined when no HTTP answer came. */
  httpStatus?: number;
  /** Meta's `error.code`. */
  code?: number;
  /** Meta's `error.error_subcode`. */
  subcode?: number;
  /** Meta's `error.type`, e.g. `OAuthException`. */
  type?: string;
  fbtraceId?: string;
  /** Meta's explanation (`error.error_data.details`, else `error.message`): kept as a field, not put in the message. */
  details?: string;
  /** What went wrong on our side of the wire (timeout, connection refused, unexpected answer): safe to print. */
  reason?: string;
  /** Forces the kind (the client uses it for requests it refuses to build); otherwise classified. */
  kind?: WhatsAppErrorKind;
  /** The answer's Retry-After, in milliseconds. */
  retryAfterMs?: number;
}

/**
 * A Cloud API call failed. The message names the operation, the kind and Meta's codes only: never
 * the message text, the recipient or the access token, so the error can be logged and serialised as is.
 */
export class WhatsAppApiError extends Error {
  readonly operation: WhatsAppOperation;
  readonly kind: WhatsAppErrorKind;
  readonly retryable: boolean;
  readonly httpStatus: number | undefined;
  readonly code: number | undefined;
  readonly subcode: number | undefined;
  readonly type: string | undefined;
  readonly fbtraceId: string | undefined;
  readonly details: string | undefined;
  /** How long the answer asked us to wait (Retry-After) before trying again; the queue honours it on a retryable error. */
  readonly retryAfterMs: number | undefined;

  constructor(init: WhatsAppApiErrorInit) {
    const kind = init.kind ?? classifyWhatsAppError(init.httpStatus, init.code);
    super(describe(kind, init));
    this.name = 'WhatsAppApiError';
    this.operation = init.operation;
    this.kind = kind;
    this.retryable = isRetryable(kind);
    this.httpStatus = init.httpStatus;
    this.code = init.code;
    this.subcode = init.subcode;
    this.type = init.type;
    this.fbtraceId = init.fbtraceId;
    this.details = init.details;
    this.retryAfterMs = this.retryable ? init.retryAfterMs : undefined;
  }
}

function describe(kind: WhatsAppErrorKind, init: WhatsAppApiErrorInit): string {
  const facts = [
    init.httpStatus === undefined ? 'no HTTP answer' : `HTTP ${init.httpStatus}`,
    init.code === undefined ? undefined : `code ${init.code}`,
    init.subcode === undefined ? undefined : `subcode ${init.subcode}`,
    init.fbtraceId === undefined ? undefined : `fbtrace ${init.fbtraceId}`,
  ].filter((fact) => fact !== undefined);
  const reason = init.reason ? `: ${init.reason}` : '';
  return `WhatsApp ${init.operation} failed (${kind}; ${facts.join(', ')})${reason}`;
}
