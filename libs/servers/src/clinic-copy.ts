import type { Client } from 'pg';
import type { ClinicRegistryService, DatabaseServerCredentials } from '@sophie/registry';
import { withAdminClient } from '@sophie/tenancy';
import { ClinicMoveErrorCode, moveError } from './clinic-move-error';

/** The registry's read-only lease on a clinic, renewed while the mover lives. */
export class ReadOnlyLease {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly clinics: ClinicRegistryService,
    private readonly clinicId: string,
    private readonly durationMs: number,
  ) {}

  async start(): Promise<void> {
    await this.renew();
    this.timer = setInterval(() => void this.renew().catch(() => undefined), Math.max(1_000, this.durationMs / 3));
  }

  stopRenewing(): void {
    clearInterval(this.timer);
  }

  async stop(): Promise<void> {
    this.stopRenewing();
    await this.clinics.setReadOnlyUntil(this.clinicId, null);
  }

  private renew(): Promise<void> {
    return this.clinics.setReadOnlyUntil(this.clinicId, new Date(Date.now() + this.durationMs));
  }
}

async function userTables(client: Client): Promise<string[]> {
  const rows = await client.query<{ name: string }>("SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");
  return rows.rows.map((r) => r.name);
}

/**
 * Opens a transaction holding EXCLUSIVE locks on every table: reads (and pg_dump) go on, writes wait. It waits for
 * writes in progress to finish first. Released by ROLLBACK, or by the session's end if the mover dies.
 */
export async function lockAgainstWrites(client: Client): Promise<void> {
  // Should the mover's host vanish, the server notices within a minute and its locks go with the session.
  await client.query('SET tcp_keepalives_idle = 30');
  await client.query('SET tcp_keepalives_interval = 10');
  await client.query('SET tcp_keepalives_count = 3');
  await client.query('BEGIN');
  await client.query("SET LOCAL lock_timeout = '30s'");
  const tables = await userTables(client);
  if (tables.length > 0) await client.query(`LOCK TABLE ${tables.join(', ')} IN EXCLUSIVE MODE`);
}

/** Counts every table's rows on both sides; refuses the switch on any difference. */
export async function sameRowCounts(sourceClient: Client, target: DatabaseServerCredentials, database: string): Promise<{ tables: number; rows: number }> {
  const count = async (client: Client): Promise<Map<string, number>> => {
    const result = new Map<string, number>();
    for (const table of await userTables(client)) {
      result.set(table, Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n ?? 0));
    }
    return result;
  };
  const before = await count(sourceClient);
  const after = await withAdminClient(target, database, count);
  for (const [table, rows] of before) {
    if (after.get(table) !== rows) throw moveError(ClinicMoveErrorCode.CopyMismatch, `The copy of table ${table} holds ${after.get(table) ?? 'no'} rows instead of ${rows}`);
  }
  let rows = 0;
  for (const n of before.values()) rows += n;
  return { tables: before.size, rows };
}

/**
 * After the switch, the old copy refuses the clinic role's writes: new sessions start read-only, and the role's
 * current sessions are ended (their work fails and is retried, on the new server).
 */
export async function closeOldCopy(source: DatabaseServerCredentials, database: string, role: string): Promise<void> {
  await withAdminClient(source, 'postgres', async (c) => {
    await c.query(`ALTER DATABASE ${c.escapeIdentifier(database)} SET default_transaction_read_only = on`);
    await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND usename = $2', [database, role]);
  });
}
