import { STATUS_CODES } from 'node:http';
import { UNKNOWN_UUID } from './fuzz-values';
import { caseLabel, FuzzCase } from './fuzz-cases';
import type { ApiOperation } from './openapi';

/** How a case becomes a request: its path with fixtures, its token. */
export interface FuzzTarget {
  baseUrl: string;
  /** The fixture id for a path parameter of `op`; absent: a well-formed UUID no record has. */
  pathValue(op: ApiOperation, param: string): string | undefined;
  /** The token of a role the guards let through to `op`. */
  tokenFor(op: ApiOperation): string;
  /** The query an operation needs to be reached at all (its required parameters, valid). */
  requiredQuery(op: ApiOperation): string;
}

export interface FuzzAnswer {
  url: string;
  status: number;
  text: string;
  body: unknown;
  requestIdHeader: string | null;
}

export function urlOf(target: FuzzTarget, c: FuzzCase): string {
  const path = c.op.template.replace(/\{([^}]+)\}/g, (_m, param: string) => c.pathValues?.[param] ?? target.pathValue(c.op, param) ?? UNKNOWN_UUID);
  const query = c.query ?? target.requiredQuery(c.op);
  return query ? `${path}?${query}` : path;
}

/** Sends the case over real HTTP; a body is sent as bytes, so that fetch adds no Content-Type of its own. */
export async function sendCase(target: FuzzTarget, c: FuzzCase): Promise<FuzzAnswer> {
  const url = urlOf(target, c);
  const headers: Record<string, string> = {};
  if (c.auth === 'allowed') headers.authorization = `Bearer ${target.tokenFor(c.op)}`;
  if (c.auth === 'garbage') headers.authorization = 'Bearer fuzz.garbage.token';
  if (c.body?.contentType) headers['content-type'] = c.body.contentType;
  const body = c.body && c.op.method !== 'GET' ? Buffer.from(c.body.text, 'utf8') : undefined;
  const response = await fetch(`${target.baseUrl}${url}`, { method: c.op.method, headers, body, redirect: 'manual' });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: the shape check below says so.
  }
  return { url, status: response.status, text, body: parsed, requestIdHeader: response.headers.get('x-request-id') };
}

const ERROR_KEYS = ['code', 'details', 'error', 'message', 'requestId', 'statusCode'];

/** What is wrong with an error answer's body, measured against the API's one error shape; undefined if nothing. */
export function errorShapeProblem(answer: FuzzAnswer): string | undefined {
  const body = answer.body as Record<string, unknown> | undefined;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'the error body is not a JSON object';
  const unexpected = Object.keys(body).filter((key) => !ERROR_KEYS.includes(key));
  if (unexpected.length > 0) return `the error body has keys outside the shape: ${unexpected.join(', ')}`;
  if (body.statusCode !== answer.status) return `statusCode ${String(body.statusCode)} differs from the status`;
  if (body.error !== STATUS_CODES[answer.status]) return `error is not the reason phrase of ${answer.status}`;
  if (typeof body.code !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(body.code)) return 'code is not an upper-case code';
  if (typeof body.message !== 'string' || body.message.length === 0) return 'message is not a non-empty string';
  if (typeof body.requestId !== 'string' || body.requestId !== answer.requestIdHeader) return 'requestId is missing or differs from X-Request-Id';
  return undefined;
}

/** Why the answer to a case is wrong; undefined when it is right. */
export function answerProblem(c: FuzzCase, answer: FuzzAnswer): string | undefined {
  if (answer.status >= 500) return 'a server error';
  if (c.kind === 'auth' && answer.status !== 401) return 'the guards did not answer 401 first';
  if (answer.status < 400) return c.acceptable ? undefined : 'bad input was accepted';
  return errorShapeProblem(answer);
}

const clip = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text);

/** Everything needed to replay a failing case by hand. */
export function describeFailure(c: FuzzCase, answer: FuzzAnswer, problem: string): string {
  const sent = c.body ? ` with ${c.body.contentType ?? 'no Content-Type'} body ${clip(c.body.text, 160)}` : '';
  return `${caseLabel(c)}: ${problem}. Sent ${c.op.method} ${clip(answer.url, 200)} as ${c.auth}${sent}; got ${answer.status} ${clip(answer.text, 300)}`;
}
