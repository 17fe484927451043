import { HttpStatus } from '@nestjs/common';

/**
 * An expected failure a client can act on. Each module declares its own string-enum codes and
 * the status each maps to; the global filter renders them in the API's one error shape.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: HttpStatus,
    message: string,
    readonly details?: unknown,
    /** Seconds after which a client may retry (503, 429). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** What an error may carry besides its code and message. */
export interface DomainErrorOptions {
  /** Data a client acts on, rendered as `details` (e.g. `{ alternatives }`). */
  details?: unknown;
  /** Seconds after which a client may retry (503, 429). */
  retryAfterSeconds?: number;
}

/**
 * Builds a module's error constructor from its codes' statuses (and default Retry-After seconds),
 * so each module declares only its table.
 */
export function domainErrors<C extends string>(
  statuses: Record<C, HttpStatus>,
  retryAfter: Partial<Record<C, number>> = {},
): (code: C, message: string, options?: DomainErrorOptions) => DomainError {
  return (code, message, options = {}) => new DomainError(code, statuses[code], message, options.details, options.retryAfterSeconds ?? retryAfter[code]);
}

/** Codes shared by every module. */
export enum CommonErrorCode {
  BadRequest = 'BAD_REQUEST',
  ValidationFailed = 'VALIDATION_FAILED',
  MalformedJson = 'MALFORMED_JSON',
  Unauthorized = 'UNAUTHORIZED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  TooManyRequests = 'TOO_MANY_REQUESTS',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  DatabaseUnavailable = 'DATABASE_UNAVAILABLE',
  Internal = 'INTERNAL_ERROR',
}

/** The body of every error the API returns. */
export interface ApiErrorBody {
  statusCode: number;
  /** The HTTP reason phrase, e.g. "Not Found". */
  error: string;
  code: string;
  message: string;
  details?: unknown;
  requestId: string;
}
