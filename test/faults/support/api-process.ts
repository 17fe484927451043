import { createServer } from 'node:net';
import { BuiltProcess, startBuilt } from '../../support/built-process';
import { SUPERADMIN_PASSWORD } from '../../support/test-env';

export interface HttpAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
  /** Milliseconds from sending the request to reading the whole answer. */
  ms: number;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  /** Aborts the request after this long (a hung server fails the test instead of hanging it). */
  timeoutMs?: number;
}

/** A free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Talks HTTP to an API at `baseUrl`; answers the parsed JSON (or text) with its timing. */
export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async request<T = Record<string, unknown>>(method: string, route: string, options: RequestOptions = {}): Promise<HttpAnswer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.raw;
    if (body === undefined && options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const started = performance.now();
    const response = await fetch(`${this.baseUrl}${route}`, { method, headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: keep the text.
    }
    return { status: response.status, body: parsed as T, headers: response.headers, ms: performance.now() - started };
  }

  get<T = Record<string, unknown>>(route: string, token?: string): Promise<HttpAnswer<T>> {
    return this.request<T>('GET', route, { token });
  }

  post<T = Record<string, unknown>>(route: string, body: unknown, token?: string): Promise<HttpAnswer<T>> {
    return this.request<T>('POST', route, { token, body });
  }

  async login(username: string, password = SUPERADMIN_PASSWORD): Promise<string> {
    const res = await this.post<{ accessToken: string }>('/api/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`Login of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken;
  }

  async provisionClinic(token: string): Promise<string> {
    const res = await this.post<{ id: string }>('/api/superadmin/clinics', { name: `Clinic ${Math.random().toString(36).slice(2, 8)}`, timezone: 'Europe/Paris' }, token);
    if (res.status !== 201) throw new Error(`Provisioning failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  }
}

/**
 * The built API (`dist/apps/api/main.js`) as its own operating-system process, started as `npm start` starts it,
 * so that a test can kill it for real (SIGKILL: no shutdown hook runs) and start it again on the same port.
 */
export class ApiProcess extends ApiClient {
  private constructor(
    private readonly process: BuiltProcess,
    readonly port: number,
  ) {
    super(`http://127.0.0.1:${port}`);
  }

  /** Starts the API with `env` (an installation's environment) on `port`; resolves once it answers /health. */
  static async start(env: NodeJS.ProcessEnv, port: number, timeoutMs = 60_000): Promise<ApiProcess> {
    const probe = new ApiClient(`http://127.0.0.1:${port}`);
    const started = await startBuilt('api', { ...env, PORT: String(port) }, async () => (await probe.request('GET', '/health', { timeoutMs: 2_000 })).status === 200, timeoutMs);
    return new ApiProcess(started, port);
  }

  get pid(): number | undefined {
    return this.process.child.pid;
  }

  /** True while the process runs. */
  get running(): boolean {
    return this.process.child.exitCode === null && this.process.child.signalCode === null;
  }

  /** What the process wrote (the last 20 kB), for failure messages. */
  get log(): string {
    return this.process.output();
  }

  /** Sends `signal` to this process (by its own pid) and resolves once it has exited. */
  kill(signal: NodeJS.Signals): Promise<void> {
    if (!this.running) return Promise.resolve();
    const exited = new Promise<void>((resolve) => this.process.child.once('exit', () => resolve()));
    this.process.child.kill(signal);
    return exited;
  }
}
