import { createHash } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';

/** A stable 64-bit key for a PostgreSQL advisory lock, from a readable name. */
export function advisoryKey(name: string): string {
  return createHash('sha256').update(name).digest().readBigInt64BE(0).toString();
}

/**
 * Holds a session-level advisory lock on its own connection while `work` runs.
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
  const runner: QueryRunner = dataSource.createQueryRunner();
  await runner.connect();
  const key = advisoryKey(name);
  try {
    if (options.wait) {
      await runner.query(`SELECT pg_advisory_lock${kind}($1::bigint)`, [key]);
    } else {
      const rows = (await runner.query(`SELECT pg_try_advisory_lock${kind}($1::bigint) AS ok`, [key])) as Array<{ ok: boolean }>;
      if (!rows[0]?.ok) return { acquired: false };
    }
    try {
      return { acquired: true, result: await work() };
    } finally {
      await runner.query(`SELECT pg_advisory_unlock${kind}($1::bigint)`, [key]);
    }
  } finally {
    await runner.release();
  }
}
