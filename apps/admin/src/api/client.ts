/** The API's one error shape. */
export interface ApiErrorBody {
  statusCode: number;
  code?: string;
  message?: string | string[];
  details?: unknown;
  requestId?: string;
}

/** An answer other than 2xx, in the API's error shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    message: string,
    readonly details?: unknown,
    /** The API's request id (also in its logs), for support. */
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type TokenSource = () => string | null;
type ExpiredListener = () => void;

let tokenOf: TokenSource = () => null;
let onExpired: ExpiredListener = () => undefined;

/** Wires the client to the session: where the token is, and what to do when the API says it is no longer valid. */
export function configureApi(source: TokenSource, expired: ExpiredListener): void {
  tokenOf = source;
  onExpired = expired;
}

/** Calls the API (same origin). JSON in and out; a 401 on an authenticated call ends the session. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = tokenOf();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const parsed: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const error = (parsed ?? {}) as ApiErrorBody;
    if (response.status === 401 && token) onExpired();
    const message = Array.isArray(error.message) ? error.message.join('; ') : (error.message ?? response.statusText);
    throw new ApiError(response.status, error.code, message, error.details, error.requestId);
  }
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export const get = <T>(path: string): Promise<T> => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown): Promise<T> => api<T>('POST', path, body ?? {});
export const patch = <T>(path: string, body: unknown): Promise<T> => api<T>('PATCH', path, body);
export const put = <T>(path: string, body: unknown): Promise<T> => api<T>('PUT', path, body);
export const del = <T>(path: string): Promise<T> => api<T>('DELETE', path);

/** A query string from the defined values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
