import { WhatsAppApiError, WhatsAppOperation } from './whatsapp-api-error';

/** Meta's error body: `{ error: { message, type, code, error_subcode, error_data: { details }, fbtrace_id } }`. */
interface GraphErrorFields {
  code?: number;
  subcode?: number;
  type?: string;
  fbtraceId?: string;
  details?: string;
}

const DETAILS_MAX = 300;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Parses JSON, or returns undefined (proxies and load balancers answer HTML). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Reads Meta's error fields out of a parsed body; anything missing stays undefined. */
export function graphErrorFields(body: unknown): GraphErrorFields {
  const error = isRecord(body) ? body.error : undefined;
  if (!isRecord(error)) return {};
  const data = isRecord(error.error_data) ? error.error_data : {};
  const details = asString(data.details) ?? asString(error.message);
  return {
    code: asNumber(error.code),
    subcode: asNumber(error.error_subcode),
    type: asString(error.type),
    fbtraceId: asString(error.fbtrace_id),
    details: details?.slice(0, DETAILS_MAX),
  };
}

/**
 * A `Retry-After` header (seconds, or an HTTP date) in milliseconds from `now`; undefined when absent or unreadable.
 * Meta documents none on the Cloud API's errors, but a proxy or load balancer in front of it may send one.
 */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d{1,9}$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The error for a non-2xx answer, with the token scrubbed from anything Meta said, just in case. */
export function answerError(operation: WhatsAppOperation, httpStatus: number, body: unknown, accessToken: string, retryAfter?: string | null): WhatsAppApiError {
  const fields = graphErrorFields(body);
  const details = fields.details && accessToken ? fields.details.split(accessToken).join('[redacted]') : fields.details;
  return new WhatsAppApiError({ operation, httpStatus, ...fields, details, retryAfterMs: retryAfterMs(retryAfter) });
}

/** A 2xx answer that is not what the endpoint returns. */
export function unexpectedAnswer(operation: WhatsAppOperation, httpStatus: number, what: string): WhatsAppApiError {
  return new WhatsAppApiError({ operation, httpStatus, reason: `unexpected answer: ${what}` });
}

/**
 * The error for a call that got no answer. Only the error's name and system code are kept: a
 * fetch error's message may quote request headers (an invalid header value, say), and so the token.
 */
export function networkError(operation: WhatsAppOperation, error: unknown, timeoutMs: number): WhatsAppApiError {
  if (error instanceof WhatsAppApiError) return error;
  // Duck-typed: fetch's errors may come from another realm (undici's globals), where instanceof fails.
  const fields = isRecord(error) ? error : {};
  const name = asString(fields.name) ?? typeof error;
  if (name === 'TimeoutError') return new WhatsAppApiError({ operation, reason: `timed out after ${timeoutMs} ms` });
  const cause = isRecord(fields.cause) ? fields.cause : {};
  const code = asString(cause.code) ?? asString(fields.code);
  return new WhatsAppApiError({ operation, reason: `network error (${code ?? name})` });
}

export { asNumber, asString, isRecord };
