import { STATUS_CODES } from 'node:http';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { safeErrorForLog } from '../logging/safe-error';
import { isDatabaseUnavailable, sqlState } from './database-errors';
import { ApiErrorBody, CommonErrorCode, DomainError } from './domain-error';

interface Rendered {
  status: number;
  code: string;
  message: string;
  details?: unknown;
  retryAfterSeconds?: number;
}

const CODES_BY_STATUS: Record<number, CommonErrorCode> = {
  400: CommonErrorCode.BadRequest,
  401: CommonErrorCode.Unauthorized,
  403: CommonErrorCode.Forbidden,
  404: CommonErrorCode.NotFound,
  409: CommonErrorCode.Conflict,
  413: CommonErrorCode.PayloadTooLarge,
  415: CommonErrorCode.UnsupportedMediaType,
  429: CommonErrorCode.TooManyRequests,
  503: CommonErrorCode.ServiceUnavailable,
};

/** PostgreSQL SQLSTATEs a client caused, and how they are answered. */
const PG_ERRORS: Record<string, Rendered> = {
  '23505': { status: 409, code: CommonErrorCode.Conflict, message: 'A record with the same unique value already exists' },
  '23503': { status: 400, code: CommonErrorCode.BadRequest, message: 'A referenced record does not exist' },
  '40P01': { status: 503, code: CommonErrorCode.ServiceUnavailable, message: 'A concurrent change got in the way: try again' },
  '40001': { status: 503, code: CommonErrorCode.ServiceUnavailable, message: 'A concurrent change got in the way: try again' },
  '23P01': { status: 409, code: CommonErrorCode.Conflict, message: 'This overlaps a record that holds the same time' },
  '23502': { status: 400, code: CommonErrorCode.BadRequest, message: 'A required value is missing' },
  '23514': { status: 400, code: CommonErrorCode.BadRequest, message: 'A value breaks a rule of the data' },
  '22P02': { status: 400, code: CommonErrorCode.BadRequest, message: 'A value has the wrong format' },
  '22021': { status: 400, code: CommonErrorCode.BadRequest, message: 'A value holds a character that cannot be stored (such as a NUL byte)' },
  '22P05': { status: 400, code: CommonErrorCode.BadRequest, message: 'A value holds a character that cannot be stored' },
  '22001': { status: 400, code: CommonErrorCode.BadRequest, message: 'A value is too long' },
  '22003': { status: 400, code: CommonErrorCode.BadRequest, message: 'A number is out of range' },
  '22007': { status: 400, code: CommonErrorCode.BadRequest, message: 'A date or time has the wrong format' },
  '22008': { status: 400, code: CommonErrorCode.BadRequest, message: 'A date or time is out of range' },
  // Waited too long (a lock held while a clinic is moved, a slow query), or a database made read-only: try again.
  '57014': { status: 503, code: CommonErrorCode.ServiceUnavailable, message: 'The database took too long to answer: try again shortly', retryAfterSeconds: 5 },
  '55P03': { status: 503, code: CommonErrorCode.ServiceUnavailable, message: 'The data is busy: try again shortly', retryAfterSeconds: 5 },
  '25006': { status: 503, code: CommonErrorCode.ServiceUnavailable, message: 'The data is read-only for a moment: try again shortly', retryAfterSeconds: 30 },
};

function renderHttpException(exception: HttpException): Rendered {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const code = CODES_BY_STATUS[status] ?? (status >= 500 ? CommonErrorCode.Internal : CommonErrorCode.BadRequest);
  if (typeof response === 'object' && response !== null) {
    const body = response as { message?: unknown; code?: string };
    if (Array.isArray(body.message)) {
      return { status, code: CommonErrorCode.ValidationFailed, message: 'The request is invalid', details: body.message };
    }
    const message = typeof body.message === 'string' ? body.message : exception.message;
    return { status, code: body.code ?? code, message };
  }
  return { status, code, message: String(response) };
}

function render(exception: unknown): Rendered | undefined {
  if (exception instanceof DomainError) {
    return { status: exception.status, code: exception.code, message: exception.message, details: exception.details, retryAfterSeconds: exception.retryAfterSeconds };
  }
  if (exception instanceof HttpException) return renderHttpException(exception);
  if (isDatabaseUnavailable(exception)) {
    return { status: 503, code: CommonErrorCode.DatabaseUnavailable, message: 'A database is unavailable; try again shortly', retryAfterSeconds: 5 };
  }
  // TypeORM's QueryFailedError, or pg's own error from a prepared statement run on the pool.
  const state = exception instanceof QueryFailedError || isPgError(exception) ? sqlState(exception) : undefined;
  if (state && PG_ERRORS[state]) return PG_ERRORS[state];
  return undefined;
}

/** The one error shape of the API: `{ statusCode, error, code, message, details?, requestId }`. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string | number }>();
    const response = http.getResponse<Response>();
    const requestId = String(request.id ?? '');
    let rendered = render(exception);
    if (rendered?.code === CommonErrorCode.DatabaseUnavailable) {
      this.logger.warn({ requestId, code: (exception as { code?: string }).code }, 'Database unavailable');
    }
    if (!rendered) {
      this.logger.error({ error: safeErrorForLog(exception), requestId }, 'Unhandled error');
      rendered = { status: HttpStatus.INTERNAL_SERVER_ERROR, code: CommonErrorCode.Internal, message: 'An unexpected error occurred' };
    }
    if (response.headersSent) return;
    const body: ApiErrorBody = { statusCode: rendered.status, error: STATUS_CODES[rendered.status] ?? 'Error', code: rendered.code, message: rendered.message, requestId };
    if (rendered.details !== undefined) body.details = rendered.details;
    if (rendered.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(rendered.retryAfterSeconds));
    response.status(rendered.status).json(body);
  }
}

/** An error the pg driver raised for a statement (it carries PostgreSQL's severity and SQLSTATE). */
function isPgError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && typeof (error as { severity?: unknown }).severity === 'string' && typeof sqlState(error) === 'string';
}
