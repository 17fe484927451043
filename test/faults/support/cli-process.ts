import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(__dirname, '../../..');
export const CLI_MAIN = path.join(ROOT, 'dist/apps/cli/main.js');
const SOURCES = ['apps/cli/src', 'libs', 'migrations'];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the operator CLI (`npx nest build cli`) unless dist/apps/cli/main.js is newer than every source it bundles. */
export async function ensureCliBuilt(): Promise<void> {
  let built = 0;
  try {
    built = statSync(CLI_MAIN).mtimeMs;
  } catch {
    // Not built yet.
  }
  const newest = Math.max(...SOURCES.map((dir) => newestSource(path.join(ROOT, dir))));
  if (built > newest) return;
  await promisify(execFile)('npx', ['nest', 'build', 'cli'], { cwd: ROOT, timeout: 120_000 });
}

export interface CliExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/** A real `node dist/apps/cli/main.js …` process; `exit` settles when it ends. */
export interface CliProcess {
  child: ChildProcess;
  exit: Promise<CliExit>;
  /** Kills it with SIGKILL (by its own pid) if it still runs; answers once it has ended. */
  kill(): Promise<CliExit>;
}

export function startCli(env: NodeJS.ProcessEnv, ...argv: string[]): CliProcess {
  const child = spawn(process.execPath, [CLI_MAIN, ...argv], { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exit = new Promise<CliExit>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, out, err })));
  return {
    child,
    exit,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      return exit;
    },
  };
}
