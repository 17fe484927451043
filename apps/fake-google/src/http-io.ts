import type { ServerResponse } from 'node:http';
import { parseObject } from '@sophie/fake-kit';
import type { Answer } from './google-errors';

/** The largest request body the fake reads (a larger one is answered 413). */
export const BODY_LIMIT = 5 * 1024 * 1024;

/** The fields of a form-urlencoded (or, as Google also accepts, JSON) body, as strings. */
export function parseForm(text: string, contentType: string | undefined): URLSearchParams {
  if (!contentType?.includes('json')) return new URLSearchParams(text);
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(parseObject(text) ?? {})) if (typeof value === 'string' || typeof value === 'number') form.set(key, String(value));
  return form;
}

/** Writes `answer` (destroying the socket if headers already went out). */
export function writeAnswer(res: ServerResponse, answer: Answer): void {
  if (res.headersSent) return void res.destroy();
  const headers: Record<string, string | number> = {};
  if (answer.location !== undefined) headers.Location = answer.location;
  if (answer.retryAfterSeconds !== undefined) headers['Retry-After'] = String(answer.retryAfterSeconds);
  let body = '';
  if (answer.json !== undefined) {
    body = JSON.stringify(answer.json);
    headers['Content-Type'] = 'application/json; charset=UTF-8';
  } else if (answer.html !== undefined) {
    body = answer.html;
    headers['Content-Type'] = 'text/html; charset=UTF-8';
  } else if (answer.text !== undefined) {
    body = answer.text;
    headers['Content-Type'] = 'text/plain; charset=UTF-8';
  }
  if (answer.status !== 204) headers['Content-Length'] = Buffer.byteLength(body);
  res.writeHead(answer.status, headers).end(answer.status === 204 ? undefined : body);
}
