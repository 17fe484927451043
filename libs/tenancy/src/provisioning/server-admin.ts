import { Client } from 'pg';
import type { DatabaseServerCredentials } from '@sophie/registry';
import { quoteIdentifier } from '../clinic-database-names';
import { CLINIC_ROLE_SETTINGS } from '../pools/clinic-session-settings';

/** Opens a short-lived admin connection to one database of a server, runs `work`, closes it. */
export async function withAdminClient<T>(
  server: DatabaseServerCredentials,
  database: string,
  work: (client: Client) => Promise<T>,
): Promise<T> {
  const client = new Client({
    host: server.host,
    port: server.port,
    user: server.adminUser,
    password: server.adminPassword,
    database,
    connectionTimeoutMillis: 5000,
    application_name: 'sophie-admin',
  });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The database the admin connects to for server-wide statements. */
export const MAINTENANCE_DB = 'postgres';

/** Privileged DDL on one PostgreSQL server: clinic roles and databases. Names are validated and quoted. */
export class ServerAdmin {
  constructor(private readonly server: DatabaseServerCredentials) {}

  async roleExists(role: string): Promise<boolean> {
    return withAdminClient(this.server, MAINTENANCE_DB, async (c) => ((await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).rowCount ?? 0) > 0);
  }

  async databaseExists(database: string): Promise<boolean> {
    return withAdminClient(this.server, MAINTENANCE_DB, async (c) => ((await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount ?? 0) > 0);
  }

  /** A login role with no other powers. The password goes in as an escaped literal (DDL takes no parameters). */
  async createRole(role: string, password: string): Promise<void> {
    await withAdminClient(this.server, MAINTENANCE_DB, async (c) => {
      await c.query(
        `CREATE ROLE ${quoteIdentifier(role)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS PASSWORD ${c.escapeLiteral(password)}`,
      );
    });
  }

  /** A new password for an existing clinic role (a restore that could not keep the old one). */
  async setPassword(role: string, password: string): Promise<void> {
    await withAdminClient(this.server, MAINTENANCE_DB, async (c) => {
      await c.query(`ALTER ROLE ${quoteIdentifier(role)} PASSWORD ${c.escapeLiteral(password)}`);
    });
  }

  async createDatabase(database: string, template?: string): Promise<void> {
    await withAdminClient(this.server, MAINTENANCE_DB, async (c) => {
      const from = template ? ` TEMPLATE ${quoteIdentifier(template)}` : '';
      await c.query(`CREATE DATABASE ${quoteIdentifier(database)}${from} ENCODING 'UTF8'`);
      // Nobody but the clinic's own role (granted below) and the admin may connect.
      await c.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${quoteIdentifier(database)} FROM PUBLIC`);
    });
  }

  /**
   * Gives the clinic role what it needs inside its database, and nothing more: connect, use the
   * public schema, read and write rows (not DDL), read its migrations table; and the same on every
   * table later migrations create.
   */
  async grantClinicRole(database: string, role: string, migrationsTable: string): Promise<void> {
    const r = quoteIdentifier(role);
    await this.applyClinicRoleSettings(role);
    await withAdminClient(this.server, MAINTENANCE_DB, (c) => c.query(`GRANT CONNECT ON DATABASE ${quoteIdentifier(database)} TO ${r}`));
    await withAdminClient(this.server, database, async (c) => {
      await c.query('REVOKE ALL ON SCHEMA public FROM PUBLIC');
      await c.query(`GRANT USAGE ON SCHEMA public TO ${r}`);
      await c.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`);
      await c.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${r}`);
      await c.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${r}`);
      await c.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${r}`);
      await c.query(`REVOKE INSERT, UPDATE, DELETE ON TABLE ${c.escapeIdentifier(migrationsTable)} FROM ${r}`);
    });
  }

  /**
   * The clinic role's own session settings (CLINIC_ROLE_SETTINGS): PostgreSQL applies them to every new session of
   * the role, so they hold through a transaction-mode pooler, which passes no startup parameters on. Idempotent.
   */
  async applyClinicRoleSettings(role: string): Promise<void> {
    await withAdminClient(this.server, MAINTENANCE_DB, async (c) => {
      for (const [name, value] of CLINIC_ROLE_SETTINGS) await c.query(`ALTER ROLE ${quoteIdentifier(role)} SET ${name} = ${c.escapeLiteral(value)}`);
    });
  }

  /** Drops a clinic database (ending its sessions) if it exists. */
  async dropDatabase(database: string): Promise<void> {
    await withAdminClient(this.server, MAINTENANCE_DB, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`));
  }

  async dropRole(role: string): Promise<void> {
    await withAdminClient(this.server, MAINTENANCE_DB, (c) => c.query(`DROP ROLE IF EXISTS ${quoteIdentifier(role)}`));
  }

  /** The comment on a database, read without connecting to it (used to tag the template's schema version). */
  async databaseComment(database: string): Promise<string | null> {
    return withAdminClient(this.server, MAINTENANCE_DB, async (c) => {
      const rows = await c.query<{ comment: string | null }>(
        "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1",
        [database],
      );
      return rows.rows[0]?.comment ?? null;
    });
  }

  /** Sets (or, with null, removes) the comment on a database. */
  async setDatabaseComment(database: string, comment: string | null): Promise<void> {
    await withAdminClient(this.server, MAINTENANCE_DB, (c) => c.query(`COMMENT ON DATABASE ${quoteIdentifier(database)} IS ${comment === null ? 'NULL' : c.escapeLiteral(comment)}`));
  }

  async renameDatabase(from: string, to: string): Promise<void> {
    await withAdminClient(this.server, MAINTENANCE_DB, (c) => c.query(`ALTER DATABASE ${quoteIdentifier(from)} RENAME TO ${quoteIdentifier(to)}`));
  }
}
