/** An error to inject, in Google's terms; see `FakeGoogle.failNext`. */
export interface FakeGoogleFailure {
  /** The HTTP status answered. */
  status: number;
  /**
   * Google's `errors[0].reason` (`backendError`, `rateLimitExceeded`…); a usual one for the status when left out. On the
   * OAuth routes an OAuth error code (`invalid_grant`, `invalid_client`…), answered as `{error, error_description}`.
   */
  reason?: string;
  /** The error message; Google's usual one for the reason when left out. */
  message?: string;
  /** Perform the operation (store the event, issue the token…) and answer the error anyway: a lost response. */
  afterApplying?: boolean;
  /** A `Retry-After` header, in seconds (Google documents none for Calendar's rate limits; its front ends may send one). */
  retryAfterSeconds?: number;
}

/** What a route answers, before it is written. */
export interface Answer {
  status: number;
  /** A JSON body. */
  json?: unknown;
  /** A text/html body. */
  html?: string;
  /** A text/plain body. */
  text?: string;
  /** A Location header (redirects). */
  location?: string;
  /** A Retry-After header, in seconds. */
  retryAfterSeconds?: number;
}

/** 500 backendError, Google's most common transient failure. */
export const internalError = (message?: string): FakeGoogleFailure => ({ status: 500, reason: 'backendError', message });
/** 503 backendError, the "try again later" Google answers under load. */
export const unavailable = (message?: string): FakeGoogleFailure => ({ status: 503, reason: 'backendError', message });
/** 429 rateLimitExceeded (status RESOURCE_EXHAUSTED): too many requests for the project. */
export const tooManyRequests = (message?: string): FakeGoogleFailure => ({ status: 429, reason: 'rateLimitExceeded', message });
/** 403 rateLimitExceeded (domain usageLimits): the calendar-wide rate limit. */
export const rateLimitExceeded = (message?: string): FakeGoogleFailure => ({ status: 403, reason: 'rateLimitExceeded', message });
/** 403 userRateLimitExceeded (domain usageLimits): the per-user rate limit. */
export const userRateLimitExceeded = (message?: string): FakeGoogleFailure => ({ status: 403, reason: 'userRateLimitExceeded', message });
/** 400 invalid_grant on the token route: the refresh token or code is no longer accepted. */
export const invalidGrant = (message = 'Token has been expired or revoked.'): FakeGoogleFailure => ({ status: 400, reason: 'invalid_grant', message });

const MESSAGES: Record<string, string> = {
  authError: 'Invalid Credentials',
  backendError: 'Backend Error',
  badRequest: 'Bad Request',
  conflict: 'Conflict',
  deleted: 'Resource has been deleted',
  duplicate: 'The requested identifier already exists.',
  forbidden: 'Forbidden',
  insufficientPermissions: 'Insufficient Permission',
  invalid: 'Invalid Value',
  notFound: 'Not Found',
  quotaExceeded: 'Quota Exceeded',
  rateLimitExceeded: 'Rate Limit Exceeded',
  required: 'Required',
  timeRangeEmpty: 'The specified time range is empty.',
  userRateLimitExceeded: 'User Rate Limit Exceeded',
};

const REASON_BY_STATUS: Record<number, string> = {
  400: 'badRequest',
  401: 'authError',
  403: 'forbidden',
  404: 'notFound',
  409: 'conflict',
  410: 'deleted',
  412: 'conditionNotMet',
  429: 'rateLimitExceeded',
};

const USAGE_LIMITS = new Set(['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded', 'dailyLimitExceeded']);

/** Google's JSON API error: `{ error: { code, message, errors: [{ domain, reason, message }], status? } }`. */
export function googleError(status: number, reason = REASON_BY_STATUS[status] ?? 'backendError', message = MESSAGES[reason] ?? 'Error'): Answer {
  const rpcStatus = status === 401 ? 'UNAUTHENTICATED' : status === 429 ? 'RESOURCE_EXHAUSTED' : reason === 'insufficientPermissions' ? 'PERMISSION_DENIED' : undefined;
  const domain = USAGE_LIMITS.has(reason) ? 'usageLimits' : 'global';
  return {
    status,
    json: { error: { code: status, message, errors: [{ domain, reason, message }], ...(rpcStatus ? { status: rpcStatus } : {}) } },
  };
}

/** What the Calendar API answers a missing, unknown, expired or revoked access token. */
export function unauthenticated(): Answer {
  const error = { message: 'Invalid Credentials', domain: 'global', reason: 'authError', location: 'Authorization', locationType: 'header' };
  return { status: 401, json: { error: { code: 401, message: 'Request had invalid authentication credentials.', errors: [error], status: 'UNAUTHENTICATED' } } };
}

/** What the Calendar API answers a token without a scope the method needs. */
export function insufficientScopes(): Answer {
  const answer = googleError(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.');
  const error = (answer.json as { error: { errors: Array<{ message: string }> } }).error;
  error.errors[0].message = MESSAGES.insufficientPermissions;
  return answer;
}

/** An OAuth endpoint's error: `{ error, error_description }`. */
export function oauthError(status: number, error: string, description?: string): Answer {
  return { status, json: description === undefined ? { error } : { error, error_description: description } };
}

/** The answer an injected failure gives on `route`. */
export function injectedAnswer(route: string, failure: FakeGoogleFailure): Answer {
  if (route === 'auth') return authFailure(failure);
  if (route === 'token' || route === 'revoke' || route === 'tokeninfo') {
    const status = failure.reason === 'invalid_grant' ? 400 : failure.status;
    const reason = failure.reason ?? (status >= 500 ? 'internal_failure' : status === 401 ? 'invalid_client' : 'invalid_request');
    return oauthError(status, reason, failure.message ?? MESSAGES[reason] ?? (status >= 500 ? 'Backend Error' : 'Bad Request'));
  }
  const answer = googleError(failure.status, failure.reason, failure.message);
  return failure.retryAfterSeconds === undefined ? answer : { ...answer, retryAfterSeconds: failure.retryAfterSeconds };
}

function authFailure(failure: FakeGoogleFailure): Answer {
  const reason = failure.reason ?? (failure.status >= 500 ? 'server_error' : 'invalid_request');
  return { status: failure.status, text: `Error ${failure.status}: ${reason}${failure.message ? `\n${failure.message}` : ''}\n` };
}
