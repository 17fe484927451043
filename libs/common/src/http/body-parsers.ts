import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpStatus } from '@nestjs/common';
import { json, NextFunction, Request, RequestHandler, Response, urlencoded } from 'express';
import { CommonErrorCode, DomainError } from '../errors/domain-error';
import { hasLoneSurrogate } from '../util/well-formed-text';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Every request gets an id (the caller's X-Request-Id when well formed), echoed in the response and in errors. */
export function requestIdMiddleware(req: Request & { id?: string }, res: Response, next: NextFunction): void {
  const incoming = req.headers['x-request-id'];
  req.id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', req.id);
  next();
}

/** Turns body-parser failures into the API's own errors, so they reach the filter as 4xx with a clear code. */
function bodyError(error: unknown): DomainError {
  switch ((error as { type?: string }).type) {
    case 'entity.parse.failed':
      return new DomainError(CommonErrorCode.MalformedJson, HttpStatus.BAD_REQUEST, 'The request body is not valid JSON');
    case 'entity.too.large':
      return new DomainError(CommonErrorCode.PayloadTooLarge, HttpStatus.PAYLOAD_TOO_LARGE, 'The request body is too large');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new DomainError(CommonErrorCode.UnsupportedMediaType, HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'The request body encoding is not supported');
    default:
      return new DomainError(CommonErrorCode.BadRequest, HttpStatus.BAD_REQUEST, 'The request body could not be read');
  }
}

function keepRawBody(req: IncomingMessage & { rawBody?: Buffer }, _res: unknown, buffer: Buffer): void {
  req.rawBody = buffer;
}

function wrap(parser: RequestHandler): RequestHandler {
  return (req, res, next) => parser(req, res, (error?: unknown) => next(error ? bodyError(error) : undefined));
}

function holdsLoneSurrogate(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return hasLoneSurrogate(value);
  if (depth > 64 || typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, inner]) => hasLoneSurrogate(key) || holdsLoneSurrogate(inner, depth + 1));
}

type LenientRequest = Request & { lenientText?: boolean };

/** Keys that reach an object's prototype once class-transformer assigns them, and slip past the whitelist. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function holdsReservedKey(value: unknown, depth = 0): boolean {
  if (depth > 64 || typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, inner]) => RESERVED_KEYS.has(key) || holdsReservedKey(inner, depth + 1));
}

/** A body the parsers can read: JSON, or a form; the API reads no other kind. */
function isReadable(req: Request): boolean {
  return Boolean(req.is(['application/json', 'application/x-www-form-urlencoded']));
}

/** True when the request carries body bytes (a Content-Length above 0, or a chunked body). */
function hasBodyBytes(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > 0);
}

/** Refuses, before any handler sees it, what the parsers let through but the API must not read. */
function checkInput(req: Request): DomainError | undefined {
  if (hasBodyBytes(req) && !isReadable(req)) {
    return new DomainError(CommonErrorCode.UnsupportedMediaType, HttpStatus.UNSUPPORTED_MEDIA_TYPE, 'The request body must be JSON (Content-Type: application/json)');
  }
  if (holdsLoneSurrogate(req.body)) return new DomainError(CommonErrorCode.BadRequest, HttpStatus.BAD_REQUEST, 'The request body holds malformed text (an unpaired UTF-16 surrogate)');
  if (holdsReservedKey(req.body) || Object.keys(req.query ?? {}).some((key) => RESERVED_KEYS.has(key))) {
    return new DomainError(CommonErrorCode.BadRequest, HttpStatus.BAD_REQUEST, 'The request holds a reserved property name (__proto__, constructor or prototype)');
  }
  return undefined;
}

/**
 * JSON and form parsers with a size limit; the exact bytes stay on `req.rawBody` (webhook signatures need them).
 * Other content types are refused with 415 (their body would otherwise be ignored and the request served as if
 * empty), and so are bodies holding malformed text (a lone surrogate) or prototype keys (400), unless the parsers are
 * `lenient` (webhooks: a delivery is stored, cleaned, never refused; its signature check refuses anything else).
 */
export function bodyParsers(limitBytes: number, options: { lenient?: boolean } = {}): RequestHandler[] {
  const parsers = [wrap(json({ limit: limitBytes, verify: keepRawBody })), wrap(urlencoded({ limit: limitBytes, extended: false, verify: keepRawBody }))];
  if (options.lenient) {
    const mark: RequestHandler = (req, _res, next) => {
      (req as LenientRequest).lenientText = true;
      next();
    };
    return [mark, ...parsers];
  }
  const checked: RequestHandler = (req, _res, next) => {
    next((req as LenientRequest).lenientText ? undefined : checkInput(req));
  };
  return [...parsers, checked];
}
