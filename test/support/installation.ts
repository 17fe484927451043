import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { withDatabase } from '../../libs/common/src/database/pg-url';

/**
 * One throw-away Sophie installation on a PostgreSQL server: its own registry database, and every
 * database and role named under its own prefix. Shared by the end-to-end tests and the benchmark.
 */

export const SUPERADMIN_PASSWORD = 'Test-Superadmin-Pass-1';

/** The environment of an installation over `adminUrl` (a role allowed to create databases and roles). */
export function installationEnvironment(adminUrl: string, prefix: string, overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    DATABASE_URL: withDatabase(adminUrl, `${prefix}_registry`),
    DB_PREFIX: prefix,
    JWT_SECRET: randomBytes(48).toString('base64url'),
    SECRETS_KEY: randomBytes(32).toString('base64'),
    SUPERADMIN_USERNAME: `sa_${prefix}`,
    SUPERADMIN_PASSWORD,
    BCRYPT_ROUNDS: '4',
    LOG_LEVEL: 'silent',
    ...overrides,
  };
}

/** Runs `work` on an admin connection to one database of the server. */
export async function withAdminAt<T>(adminUrl: string, database: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(adminUrl, database), connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** How many databases are dropped at once: each DROP DATABASE mostly waits for its checkpoint and file removal. */
const DROP_CONCURRENCY = 8;

/**
 * Drops every database and role whose name starts with `<prefix>_`: all that the installation created. The
 * databases go several at a time, each on its own connection (an installation may hold a thousand clinics).
 */
export async function dropInstallationAt(adminUrl: string, prefix: string): Promise<{ databases: number; roles: number }> {
  const names = await withAdminAt(adminUrl, 'postgres', async (c) =>
    (await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${prefix}\\_%`])).rows.map((r) => r.datname),
  );
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(DROP_CONCURRENCY, names.length) }, () =>
      withAdminAt(adminUrl, 'postgres', async (c) => {
        for (let name = names[next++]; name !== undefined; name = names[next++]) {
          await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`);
        }
      }),
    ),
  );
  return withAdminAt(adminUrl, 'postgres', async (c) => {
    const roles = await c.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname LIKE $1', [`${prefix}\\_%`]);
    for (const { rolname } of roles.rows) await c.query(`DROP ROLE IF EXISTS ${c.escapeIdentifier(rolname)}`);
    return { databases: names.length, roles: roles.rowCount ?? 0 };
  });
}
