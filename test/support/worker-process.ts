import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const WORKER_ENTRY = path.join(ROOT, 'dist/apps/worker/main.js');

/**
 * The built queue worker (`dist/apps/worker/main.js`, what `npm run start:worker` runs) as its own operating-system
 * process, reached on its WORKER_PORT. Stopped by its own pid only.
 */
export class WorkerProcess {
  private output = '';
  private readonly exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    const keep = (chunk: Buffer): void => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** Starts the worker with `env` on `port`; resolves once its /health answers. */
  static async start(env: NodeJS.ProcessEnv, port: number, timeoutMs = 60_000): Promise<WorkerProcess> {
    if (!existsSync(WORKER_ENTRY)) throw new Error('Build the worker first: npx nest build worker (CI builds before jest)');
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('TEST_') && key !== 'DATABASE_URL'));
    const child = spawn(process.execPath, [WORKER_ENTRY], { cwd: ROOT, env: { ...inherited, ...env, WORKER_PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const worker = new WorkerProcess(child, port);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!worker.running) throw new Error(`The worker exited with ${child.exitCode} while starting:\n${worker.output}`);
      const health = await worker.get('/health').catch(() => undefined);
      if (health?.status === 200) return worker;
      if (Date.now() > deadline) {
        await worker.stop('SIGKILL');
        throw new Error(`The worker did not answer /health within ${timeoutMs} ms:\n${worker.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** What the process wrote (the last 20 kB), for failure messages. */
  get log(): string {
    return this.output;
  }

  async get(route: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown; text: string }> {
    const response = await fetch(`http://127.0.0.1:${this.port}${route}`, { headers, signal: AbortSignal.timeout(10_000) });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON (the metrics text).
    }
    return { status: response.status, body, text };
  }

  /** Sends `signal` to this process (by its own pid); resolves with its exit code once it has exited. */
  stop(signal: NodeJS.Signals): Promise<number | null> {
    if (this.running) this.child.kill(signal);
    return this.exited;
  }
}
