import { randomBytes } from 'node:crypto';

/** An error the fake answers, in Meta's terms. */
export interface FakeMetaError {
  httpStatus: number;
  /** Meta's `error.code`; without one (and without `body`) the answer is a bare `{"error":{…}}` with no code. */
  code?: number;
  subcode?: number;
  /** Meta's `error.message`; a usual title for well-known codes when left out. */
  message?: string;
  /** Meta's `error.type`, `OAuthException` unless told. */
  type?: string;
  /** Meta's `error.error_data.details`. */
  details?: string;
  /** A raw, non-JSON body instead (what a proxy or load balancer answers), sent as text/html. */
  body?: string;
  /** Send the message (or read receipt) anyway, then answer this error: Meta acted but its answer was lost. */
  afterApplying?: boolean;
  /** A `Retry-After` header, in seconds (Meta documents none on Cloud API errors; a proxy in front may send one). */
  retryAfterSeconds?: number;
}

const TITLES: Record<number, string> = {
  4: 'Application request limit reached',
  100: 'Invalid parameter',
  190: 'Error validating access token: Session has expired.',
  80007: 'Rate limit issues',
  130429: 'Rate limit hit',
  131000: 'Something went wrong',
  131008: 'Required parameter is missing',
  131009: 'Parameter value is not valid',
  131016: 'Service unavailable',
  131021: 'Recipient cannot be sender',
  131026: 'Message undeliverable',
  131047: 'Re-engagement message',
  131056: '(Business Account, Consumer Account) pair rate limit hit',
  132000: 'Number of parameters does not match the expected number of params',
  132001: 'Template name does not exist in the translation',
  132015: 'Template is paused',
};

export function fbtraceId(): string {
  return randomBytes(12).toString('base64url');
}

/** Meta's error body: `{ error: { message, type, code, error_subcode?, error_data?, fbtrace_id } }`. */
export function metaErrorBody(error: FakeMetaError): Record<string, unknown> {
  const title = error.message ?? (error.code === undefined ? 'An unknown error occurred' : (TITLES[error.code] ?? 'An error occurred'));
  const message = error.code === undefined || error.message !== undefined || error.code === 190 ? title : `(#${error.code}) ${title}`;
  return {
    error: {
      message,
      type: error.type ?? 'OAuthException',
      ...(error.code === undefined ? {} : { code: error.code }),
      ...(error.subcode === undefined ? {} : { error_subcode: error.subcode }),
      ...(error.details === undefined ? {} : { error_data: { messaging_product: 'whatsapp', details: error.details } }),
      fbtrace_id: fbtraceId(),
    },
  };
}

/** What Meta answers a wrong or expired token. */
export const INVALID_TOKEN: FakeMetaError = {
  httpStatus: 401,
  code: 190,
  subcode: 463,
  message: 'Error validating access token: Session has expired or the token is invalid.',
};

/** What Meta answers a request without a token. */
export const MISSING_TOKEN: FakeMetaError = {
  httpStatus: 401,
  code: 190,
  message: 'An active access token must be used to query information about the current user.',
};

export function invalidParameter(message: string, subcode?: number): FakeMetaError {
  return { httpStatus: 400, code: 100, subcode, message };
}
