import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');

/** A built entry point (`dist/apps/<app>/main.js`) running as its own operating-system process, its output kept. */
export interface BuiltProcess {
  child: ChildProcess;
  /** What it wrote (the last 20 kB), for failure messages. */
  output(): string;
}

/**
 * Starts `dist/apps/<app>/main.js` with `env` over the test run's environment (its TEST_ settings and DATABASE_URL
 * left out, as a real deployment has none), then waits until `healthy()` says yes; kills it if it never does.
 */
export async function startBuilt(app: string, env: NodeJS.ProcessEnv, healthy: () => Promise<boolean>, timeoutMs: number): Promise<BuiltProcess> {
  const entry = path.join(ROOT, `dist/apps/${app}/main.js`);
  if (!existsSync(entry)) throw new Error(`Build the ${app} first: npx nest build ${app} (CI builds before jest)`);
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('TEST_') && key !== 'DATABASE_URL'));
  const child = spawn(process.execPath, [entry], { cwd: ROOT, env: { ...inherited, ...env, HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const started: BuiltProcess = { child, output: () => output };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`The ${app} exited with ${child.exitCode ?? child.signalCode} while starting:\n${output}`);
    if (await healthy().catch(() => false)) return started;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The ${app} did not answer /health within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100)); // a polling pace while it boots
  }
}
