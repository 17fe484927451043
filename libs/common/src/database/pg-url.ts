/** Helpers for PostgreSQL connection URLs. Passwords are percent-encoded; none of these ever logs. */

export interface PgServerAddress {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

export function parsePgUrl(url: string): PgServerAddress {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'postgres',
  };
}

export function formatPgUrl(address: PgServerAddress): string {
  const auth = `${encodeURIComponent(address.user)}:${encodeURIComponent(address.password)}`;
  return `postgresql://${auth}@${address.host}:${address.port}/${encodeURIComponent(address.database)}`;
}

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  return formatPgUrl({ ...parsePgUrl(url), database });
}

/** A URL safe to print: the password is masked. */
export function redactPgUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '*****';
  return parsed.toString();
}
