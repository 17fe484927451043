import { createHash } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';

/** A stable 64-bit key for a PostgreSQL advisory lock, from a readable name. */
export function advisoryKey(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}

/** The lock a clinic's restore, move or decommissioning holds, so that only one of them runs at a time. */
export function clinicLifecycleLock(prefix: string, clinicId: string): string {
  return `sophie:${prefix}:clinic-lifecycle:${clinicId}`;
}

/** DataSources that reach PostgreSQL through a pooler, and the direct URL of the same database. */
const directUrls = new WeakMap<DataSource, string>();

/**
 * Says that `dataSource` goes through a connection pooler (PgBouncer in transaction mode) and that `directUrl`
 * reaches the same database directly: withAdvisoryLock then holds its session lock on a connection of its own to
 * `directUrl`. Through the pooler a session lock would stay on whichever server connection ran it, outlive the
 * work, and its unlock would reach another server connection.
 */
export function lockThroughDirectUrl(dataSource: DataSource, directUrl: string): void {
  directUrls.set(dataSource, directUrl);
}

/** One connection the lock's session lives on, whatever opened it. */
interface LockSession {
  query(sql: string, values: unknown[]): Promise<Array<{ ok?: boolean }>>;
  close(): Promise<void>;
}

async function openSession(dataSource: DataSource): Promise<LockSession> {
  const directUrl = directUrls.get(dataSource);
  if (directUrl === undefined) {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    return { query: (sql, values) => runner.query(sql, values) as Promise<Array<{ ok?: boolean }>>, close: () => runner.release() };
  }
  const client = new Client({ connectionString: directUrl, application_name: 'sophie-lock', connectionTimeoutMillis: 5000, keepAlive: true });
  client.on('error', () => undefined); // a lost connection frees the lock; the query in flight reports it
  await client.connect();
  return { query: async (sql, values) => (await client.query<{ ok?: boolean }>(sql, values)).rows, close: () => client.end() };
}

/**
 * Holds a session-level advisory lock on its own connection while `work` runs; that connection is a direct one
 * (never through a pooler) when the DataSource was given one (lockThroughDirectUrl).
 * `wait: false` gives up at once (acquired: false) when another session holds it; `shared` takes
 * the shared form, which excludes only exclusive holders.
 */
export async function withAdvisoryLock<T>(
  dataSource: DataSource,
  name: string,
  work: () => Promise<T>,
  options: { wait: boolean; shared?: boolean } = { wait: true },
): Promise<{ acquired: true; result: T } | { acquired: false }> {
  const kind = options.shared ? '_shared' : '';
  const session = await openSession(dataSource);
  const key = advisoryKey(name);
  try {
    if (options.wait) {
      await session.query(`SELECT pg_advisory_lock${kind}($1::bigint)`, [key]);
    } else {
      const rows = await session.query(`SELECT pg_try_advisory_lock${kind}($1::bigint) AS ok`, [key]);
      if (!rows[0]?.ok) return { acquired: false };
    }
    const result = await work().finally(() =>
      // A lock whose session was lost is already free: its unlock failing must not replace the work's own outcome.
      session.query(`SELECT pg_advisory_unlock${kind}($1::bigint)`, [key]).catch(() => undefined),
    );
    return { acquired: true, result };
  } finally {
    await session.close().catch(() => undefined);
  }
}
