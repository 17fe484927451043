import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { AppConfig, buildAppConfig, loadEnvironment, withDatabase } from '../../libs/common/src';

/** The admin URL of the run's PostgreSQL (set by global-setup). */
export function adminUrl(): string {
  const url = process.env.TEST_PG_ADMIN_URL;
  if (!url) throw new Error('TEST_PG_ADMIN_URL is not set: run the tests through jest (global-setup)');
  return url;
}

export const SUPERADMIN_PASSWORD = 'Test-Superadmin-Pass-1';

/** The environment of one isolated installation: its own registry database and database-name prefix. */
export function testEnvironment(overrides: Record<string, string> = {}, prefix = `t${randomBytes(5).toString('hex')}`): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: withDatabase(adminUrl(), `${prefix}_registry`),
    DB_PREFIX: prefix,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    SECRETS_KEY: randomBytes(32).toString('base64'),
    SUPERADMIN_USERNAME: `sa_${prefix}`,
    SUPERADMIN_PASSWORD,
    BCRYPT_ROUNDS: '4',
    LOG_LEVEL: 'silent',
    TENANT_CONNECT_TIMEOUT_MS: '2000',
    ...overrides,
  };
}

export function configFrom(env: NodeJS.ProcessEnv): AppConfig {
  const vars = loadEnvironment(env);
  return buildAppConfig(vars, {
    registryUrl: vars.DATABASE_URL as string,
    embedded: false,
    jwtSecret: vars.JWT_SECRET as string,
    secretsKey: vars.SECRETS_KEY as string,
  });
}

/** Runs `work` on an admin connection to one database of the test server. */
export async function withAdmin<T>(database: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(adminUrl(), database) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Drops every database and role an installation created (its prefix names them all). */
export async function dropInstallation(prefix: string): Promise<void> {
  await withAdmin('postgres', async (c) => {
    const dbs = await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${prefix}\\_%`]);
    for (const { datname } of dbs.rows) await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(datname)} WITH (FORCE)`);
    const roles = await c.query<{ rolname: string }>("SELECT rolname FROM pg_roles WHERE rolname LIKE $1", [`${prefix}\\_%`]);
    for (const { rolname } of roles.rows) await c.query(`DROP ROLE IF EXISTS ${c.escapeIdentifier(rolname)}`);
  });
}
