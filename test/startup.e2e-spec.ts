import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const API = path.join(ROOT, 'dist/apps/api/main.js');
const CLI = path.join(ROOT, 'dist/apps/cli/main.js');

/** The built server and CLI, started as `npm start` and `npm run cli` start them. */
function run(entry: string, args: string[], env: Record<string, string>): ChildProcessWithoutNullStreams {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('TEST_') && key !== 'DATABASE_URL' && key !== 'NODE_ENV'));
  return spawn(process.execPath, [entry, ...args], { cwd: ROOT, env: { ...clean, ...env } });
}

function output(child: ChildProcessWithoutNullStreams): { text: () => string; until: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray> } {
  let text = '';
  const waiters: Array<() => void> = [];
  const onData = (chunk: Buffer): void => {
    text += chunk.toString();
    for (const wake of waiters.splice(0)) wake();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  return {
    text: () => text,
    until: (pattern, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`Timed out waiting for ${pattern}; output:\n${text}`)), timeoutMs);
        const check = (): void => {
          const match = pattern.exec(text);
          if (match) {
            clearTimeout(timer);
            resolve(match);
          } else {
            waiters.push(check);
          }
        };
        check();
      }),
  };
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))));
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('npm start with no database configured', () => {
  let dataDir: string;

  beforeAll(async () => {
    if (!existsSync(API) || !existsSync(CLI)) throw new Error('Build first: npm run build (npm test does it)');
    dataDir = await mkdtemp(path.join(tmpdir(), 'sophie-start-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts an embedded PostgreSQL, prints where to go and how to log in, stops cleanly on Ctrl-C, and reuses its data', async () => {
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', BCRYPT_ROUNDS: '4' };
    const first = run(API, [], env);
    const out = output(first);
    const [, password] = await out.until(/Password \(shown once, keep it safe\): (\S+)/);
    expect(out.text()).toContain(`http://127.0.0.1:${port}/api/docs`);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'superadmin', password }),
    });
    expect(login.status).toBe(200);
    expect((await stat(path.join(dataDir, 'secrets.json'))).mode & 0o777).toBe(0o600);

    // The CLI joins the running PostgreSQL.
    const list = run(CLI, ['clinics', 'list'], { DATA_DIR: dataDir });
    const listOut = output(list);
    expect(await exitOf(list)).toBe(0);
    expect(listOut.text()).toMatch(/0 clinics/);

    first.kill('SIGINT');
    expect(await exitOf(first)).toBe(0);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);

    const second = run(API, [], env);
    const again = output(second);
    await again.until(/Sophie is running\./);
    expect(again.text()).not.toMatch(/shown once/);
    const relogin = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'superadmin', password }),
    });
    expect(relogin.status).toBe(200);
    second.kill('SIGTERM');
    expect(await exitOf(second)).toBe(0);
  });

  it('refuses to start on a malformed setting, with one line naming it', async () => {
    const child = run(API, [], { DATA_DIR: dataDir, PORT: 'eighty' });
    const out = output(child);
    expect(await exitOf(child)).toBe(1);
    expect(out.text().trim()).toBe('Invalid configuration: PORT must be an integer number');
  });
});
