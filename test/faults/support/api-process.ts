import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { SUPERADMIN_PASSWORD } from '../../support/test-env';

const ROOT = path.resolve(__dirname, '../../..');
const API_ENTRY = path.join(ROOT, 'dist/apps/api/main.js');

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
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    super(`http://127.0.0.1:${port}`);
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  /** Starts the API with `env` (an installation's environment) on `port`; resolves once it answers /health. */
  static async start(env: NodeJS.ProcessEnv, port: number, timeoutMs = 60_000): Promise<ApiProcess> {
    if (!existsSync(API_ENTRY)) throw new Error('Build the API first: npx nest build api (CI builds before jest)');
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('TEST_') && key !== 'DATABASE_URL'));
    const child = spawn(process.execPath, [API_ENTRY], { cwd: ROOT, env: { ...inherited, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const api = new ApiProcess(child, port);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`The API exited with ${child.exitCode} while starting:\n${api.output}`);
      const health = await api.request('GET', '/health', { timeoutMs: 2_000 }).catch(() => undefined);
      if (health?.status === 200) return api;
      if (Date.now() > deadline) {
        await api.kill('SIGKILL');
        throw new Error(`The API did not answer /health within ${timeoutMs} ms:\n${api.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** True while the process runs. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** What the process wrote (the last 20 kB), for failure messages. */
  get log(): string {
    return this.output;
  }

  /** Sends `signal` to this process (by its own pid) and resolves once it has exited. */
  kill(signal: NodeJS.Signals): Promise<void> {
    if (!this.running) return Promise.resolve();
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill(signal);
    return exited;
  }
}
