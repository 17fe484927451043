import { Injectable } from '@nestjs/common';
import { Client } from 'pg';
import { sqlState } from '@sophie/common';
import { ServersErrorCode, serversError } from './servers-error-code';

/** Where a server is and the admin role to use there. */
export interface ServerAddress {
  host: string;
  port: number;
  adminUser: string;
  adminPassword: string;
}

/** What the check learnt of a fit server. */
export interface ServerFacts {
  /** e.g. "15.18" */
  version: string;
  superuser: boolean;
  /** The cluster's system identifier (pg_control_system), when the role may read it: one server under two names. */
  systemIdentifier: string | null;
}

/**
 * The oldest PostgreSQL that can hold clinic databases: `DROP DATABASE … WITH (FORCE)`, core `gen_random_uuid()`
 * and trusted extensions (a non-superuser owner may create pg_trgm and btree_gist) arrived in 13.
 */
export const MIN_SERVER_VERSION_NUM = 130000;
/** Extensions the clinic migrations create. */
export const REQUIRED_EXTENSIONS = ['pg_trgm', 'btree_gist'];
const CONNECT_TIMEOUT_MS = 5000;

interface RoleRow {
  version_num: number;
  version: string;
  rolsuper: boolean;
  rolcreatedb: boolean;
  rolcreaterole: boolean;
}

/**
 * Checks a PostgreSQL server before it is recorded: it answers, the admin role logs in and may create databases and
 * roles, its version is supported and the extensions clinic databases need are there. Each refusal names what is
 * wrong, never the password.
 */
@Injectable()
export class ServerProbe {
  async check(address: ServerAddress): Promise<ServerFacts> {
    const where = `${address.host}:${address.port}`;
    const client = new Client({
      host: address.host,
      port: address.port,
      user: address.adminUser,
      password: address.adminPassword,
      database: 'postgres',
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      application_name: 'sophie-server-check',
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (error) {
      throw connectionRefusal(error, where, address.adminUser);
    }
    try {
      return await inspect(client, where, address.adminUser);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

async function inspect(client: Client, where: string, user: string): Promise<ServerFacts> {
  const role = (
    await client.query<RoleRow>(
      `SELECT current_setting('server_version_num')::int AS version_num, current_setting('server_version') AS version,
              rolsuper, rolcreatedb, rolcreaterole
         FROM pg_roles WHERE rolname = current_user`,
    )
  ).rows[0];
  if (!role) throw serversError(ServersErrorCode.CheckFailed, `PostgreSQL at ${where} does not list the role "${user}"`);
  if (role.version_num < MIN_SERVER_VERSION_NUM) {
    throw serversError(ServersErrorCode.VersionUnsupported, `PostgreSQL ${role.version} at ${where} is not supported: version 13 or newer is needed`, {
      details: { version: role.version },
    });
  }
  if (!role.rolsuper && !(role.rolcreatedb && role.rolcreaterole)) {
    const missing = [role.rolcreatedb ? null : 'CREATEDB', role.rolcreaterole ? null : 'CREATEROLE'].filter((m) => m !== null);
    throw serversError(ServersErrorCode.NotPrivileged, `The role "${user}" at ${where} cannot create clinic databases and roles: it lacks ${missing.join(' and ')}`, {
      details: { missing },
    });
  }
  const available = (await client.query<{ name: string }>('SELECT name FROM pg_available_extensions WHERE name = ANY($1)', [REQUIRED_EXTENSIONS])).rows.map((r) => r.name);
  const absent = REQUIRED_EXTENSIONS.filter((name) => !available.includes(name));
  if (absent.length > 0) {
    throw serversError(ServersErrorCode.ExtensionsMissing, `PostgreSQL at ${where} lacks the extensions ${absent.join(', ')} (install postgresql-contrib)`, {
      details: { missing: absent },
    });
  }
  const identifier = await client
    .query<{ id: string }>('SELECT system_identifier::text AS id FROM pg_control_system()')
    .then((r) => r.rows[0]?.id ?? null)
    .catch(() => null);
  return { version: role.version, superuser: role.rolsuper, systemIdentifier: identifier };
}

function connectionRefusal(error: unknown, where: string, user: string): Error {
  const state = sqlState(error);
  if (state === '28P01' || state === '28000') {
    return serversError(ServersErrorCode.LoginRefused, `PostgreSQL at ${where} refused the login of role "${user}": wrong user or password, or no pg_hba.conf entry`);
  }
  if (state === undefined) {
    // No SQLSTATE: nothing that speaks PostgreSQL's protocol answered (refused, timed out, unknown host, closed).
    const code = (error as { code?: unknown }).code;
    const reason = typeof code === 'string' ? code : error instanceof Error ? error.message : 'no answer';
    return serversError(ServersErrorCode.Unreachable, `No PostgreSQL answers at ${where} (${reason})`);
  }
  return serversError(ServersErrorCode.CheckFailed, `Could not check PostgreSQL at ${where} (SQLSTATE ${state})`);
}
