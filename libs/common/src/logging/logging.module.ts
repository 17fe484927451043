import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule, Params } from 'nestjs-pino';
import { type DestinationStream, type LoggerOptions, stdSerializers } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import { AppConfig } from '../config/app-config';
import { currentLogContext } from './log-context';
import { maskPhoneNumbers, redactLogObject, redactLogValue } from './log-redaction';

/** Secret names masked wherever pino's redaction finds them (top level and one level down); deeper ones by redactLogObject. */
const SECRET_NAMES = [
  'password',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'secret',
  'token',
  'app_secret',
  'appSecret',
  'webhook_secret',
  'webhookSecret',
  'verify_token',
  'verifyToken',
  'client_secret',
  'clientSecret',
  'code_verifier',
  'codeVerifier',
];

/** Paths pino masks wherever they appear: credentials and secrets never reach a log line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
  ...SECRET_NAMES.flatMap((name) => [name, `*.${name}`]),
];

/** The id requestIdMiddleware gave the request (a fresh one for requests that bypassed it). */
function requestId(req: IncomingMessage): string {
  const id = (req as IncomingMessage & { id?: unknown }).id;
  return typeof id === 'string' ? id : randomUUID();
}

export interface LoggingOptions {
  /**
   * Where the JSON lines go; standard output when absent (production). Tests pass a stream to read
   * what the server logged (createApiApp's `logDestination`).
   */
  destination?: DestinationStream;
}

/** Top-level keys left to their own serializers below, which keep little and mask what they keep (`res` is a whole ServerResponse). */
const SERIALIZED_KEYS = new Set(['req', 'res', 'err']);

/**
 * The pino-http options of the API. Every line carries `requestId` when written during a request
 * (nestjs-pino binds the request's logger through async context) and the fields of `currentLogContext()`
 * (`clinicId` for a clinic's request or queue job); secrets are redacted by key and phone numbers
 * masked in every string, the message included.
 */
export function pinoHttpOptions(level: string): PinoHttpOptions {
  const options: LoggerOptions & PinoHttpOptions = {
    level,
    genReqId: requestId,
    // Lines written during a request carry `requestId` alone; the request line itself also has `req`.
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    mixin: () => currentLogContext(),
    // The line's own fields win over the context's, but an explicit `clinicId: undefined` does not erase it.
    mixinMergeStrategy: (mergeObject, mixinObject) => {
      const merged: Record<string, unknown> = { ...mixinObject };
      for (const [key, value] of Object.entries(mergeObject)) if (value !== undefined) merged[key] = value;
      return merged;
    },
    formatters: { log: (object) => redactLogObject(object, SERIALIZED_KEYS) },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((arg: unknown) => (typeof arg === 'string' ? maskPhoneNumbers(arg) : arg)) as Parameters<typeof method>);
      },
    },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        path: maskPhoneNumbers(req.url.split('?')[0]),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      // pino-http hands this serializer errors already serialized by pino's own.
      err: (error: unknown) => redactLogValue(error instanceof Error ? stdSerializers.err(error) : error),
    },
  };
  return options;
}

/**
 * Structured JSON logs (pino). Requests are logged by method, path without its query string
 * (queries may hold patient names or phone numbers), status and duration; bodies never.
 */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions = {}): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig): Params => {
            const http = pinoHttpOptions(config.logLevel);
            return { pinoHttp: options.destination ? [http, options.destination] : http };
          },
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
