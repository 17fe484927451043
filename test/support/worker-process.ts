import { BuiltProcess, startBuilt } from './built-process';

/**
 * The built queue worker (`dist/apps/worker/main.js`, what `npm run start:worker` runs) as its own operating-system
 * process, reached on its WORKER_PORT. Stopped by its own pid only.
 */
export class WorkerProcess {
  private readonly exited: Promise<number | null>;

  private constructor(
    private readonly process: BuiltProcess,
    readonly port: number,
  ) {
    this.exited = new Promise((resolve) => process.child.once('exit', (code) => resolve(code)));
  }

  /** Starts the worker with `env` on `port`; resolves once its /health answers. */
  static async start(env: NodeJS.ProcessEnv, port: number, timeoutMs = 60_000): Promise<WorkerProcess> {
    const healthy = async (): Promise<boolean> => (await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2_000) })).status === 200;
    return new WorkerProcess(await startBuilt('worker', { ...env, WORKER_PORT: String(port) }, healthy, timeoutMs), port);
  }

  get pid(): number | undefined {
    return this.process.child.pid;
  }

  get running(): boolean {
    return this.process.child.exitCode === null && this.process.child.signalCode === null;
  }

  /** What the process wrote (the last 20 kB), for failure messages. */
  get log(): string {
    return this.process.output();
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
    if (this.running) this.process.child.kill(signal);
    return this.exited;
  }
}
