/**
 * What a failed Google call means for us. Errors are read by shape, not by class: googleapis and
 * google-auth-library each carry their own copy of gaxios.
 * - `invalid_grant`: the refresh token is revoked or expired; the practitioner must link again.
 * - `client`: Google refused our OAuth client itself (`invalid_client`, `unauthorized_client`: a wrong or rotated
 *   GOOGLE_CLIENT_SECRET). Never blamed on a practitioner's link: their tokens are kept, writes are retried.
 * - `unauthorized`: 401 even after a refresh (treated like invalid_grant by callers that already refreshed).
 * - `retry`: rate limits (429, 403 rateLimitExceeded / userRateLimitExceeded), server errors, timeouts, network.
 * - `duplicate`: 409, an event with that id exists.
 * - `gone`: 404 or 410 (deleted, or never there).
 * - `forbidden`: 403 for another reason (insufficient permissions, calendar not writable).
 * - `invalid`: any other 4xx: our request is wrong; retrying cannot help.
 */
export type GoogleFailureKind = 'invalid_grant' | 'client' | 'unauthorized' | 'retry' | 'duplicate' | 'gone' | 'forbidden' | 'invalid';

export interface GoogleFailure {
  readonly kind: GoogleFailureKind;
  readonly status: number | null;
  /** Google's reason code (e.g. `rateLimitExceeded`, `invalid_grant`) or the network error code; never data. */
  readonly reason: string;
  /** A `Retry-After` of a retryable answer, in milliseconds (Google documents none for Calendar; honoured if sent). */
  readonly retryAfterMs?: number;
}

const RATE_LIMIT_REASONS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded']);

interface ErrorShape {
  code?: unknown;
  status?: unknown;
  response?: { status?: unknown; data?: unknown; headers?: unknown };
}

/** The Retry-After header of a gaxios response (a fetch `Headers`, or a plain object in older gaxios), in milliseconds. */
function retryAfterOf(headers: unknown, now = Date.now()): number | undefined {
  const raw =
    headers instanceof Headers ? headers.get('retry-after') : isRecord(headers) && typeof headers['retry-after'] === 'string' ? headers['retry-after'] : null;
  const value = raw?.trim();
  if (!value) return undefined;
  if (/^\d{1,9}$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Classifies an error thrown by google-auth-library or googleapis. */
export function googleFailure(error: unknown): GoogleFailure {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as ErrorShape;
  const status = typeof shape.response?.status === 'number' ? shape.response.status : typeof shape.status === 'number' ? shape.status : null;
  const data = shape.response?.data;
  const oauthError = isRecord(data) && typeof data.error === 'string' ? data.error : undefined;
  if (oauthError === 'invalid_grant') return { kind: 'invalid_grant', status, reason: 'invalid_grant' };
  if (oauthError === 'invalid_client' || oauthError === 'unauthorized_client') return { kind: 'client', status, reason: oauthError };
  const reason = apiReason(data) ?? oauthError ?? (typeof shape.code === 'string' ? shape.code : status === null ? 'network' : `http_${status}`);
  const retryAfterMs = retryAfterOf(shape.response?.headers);
  const retry = (): GoogleFailure => (retryAfterMs === undefined ? { kind: 'retry', status, reason } : { kind: 'retry', status, reason, retryAfterMs });
  if (status === null || status >= 500 || status === 429 || status === 408) return retry();
  if (status === 403 && RATE_LIMIT_REASONS.has(reason)) return retry();
  if (status === 401) return { kind: 'unauthorized', status, reason };
  if (status === 409) return { kind: 'duplicate', status, reason };
  if (status === 404 || status === 410) return { kind: 'gone', status, reason };
  if (status === 403) return { kind: 'forbidden', status, reason };
  return { kind: 'invalid', status, reason };
}

/** The first `errors[].reason` of a Google API error body `{ error: { code, message, errors: [...] } }`. */
function apiReason(data: unknown): string | undefined {
  if (!isRecord(data) || !isRecord(data.error)) return undefined;
  const errors = data.error.errors;
  if (Array.isArray(errors) && isRecord(errors[0]) && typeof errors[0].reason === 'string') return errors[0].reason;
  return typeof data.error.status === 'string' ? data.error.status : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
