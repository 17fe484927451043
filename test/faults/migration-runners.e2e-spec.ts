import { Client } from 'pg';
import { withDatabase } from '../../libs/common/src/database/pg-url';
import { advisoryKey } from '../../libs/registry/src';
import { CLINIC_MIGRATIONS } from '../../migrations';
import { TestApp } from '../support/test-app';
import { adminUrl, withAdmin } from '../support/test-env';
import { eventually } from '../support/whatsapp';
import { CliProcess, ensureCliBuilt, startCli } from './support/cli-process';

/** The newest clinic migration, made pending again on every clinic (its tables dropped, its record deleted). */
const PENDING = 'Calendar1795737600000';
const PENDING_TABLES = ['calendar_events', 'calendar_link_requests', 'practitioner_calendar_integrations'];
const CLINICS = 4;

/**
 * Holds ACCESS EXCLUSIVE on `appointments` in one clinic database: the pending migration's `calendar_events`
 * references it, so a runner stops there, inside that migration's transaction, after creating its first two tables.
 */
async function holdAppointments(database: string): Promise<{ release(): Promise<void> }> {
  const client = new Client({ connectionString: withDatabase(adminUrl(), database) });
  client.on('error', () => undefined);
  await client.connect();
  await client.query('BEGIN');
  await client.query('LOCK TABLE appointments IN ACCESS EXCLUSIVE MODE');
  return { release: () => client.query('ROLLBACK').then(() => client.end()) };
}

describe('Faults: two migration runners, and a runner killed half-way', () => {
  let api: TestApp;
  let databases: string[] = [];
  const running: CliProcess[] = [];
  const held: Array<{ release(): Promise<void> }> = [];

  const registry = <T>(sql: string, params: unknown[] = []): Promise<T[]> => withAdmin(`${api.prefix}_registry`, async (c) => (await c.query(sql, params)).rows as T[]);
  const migrate = (...argv: string[]): CliProcess => {
    const cli = startCli(api.env, 'migrate', ...argv);
    running.push(cli);
    return cli;
  };
  const hold = async (database: string): Promise<{ release(): Promise<void> }> => {
    const lock = await holdAppointments(database);
    held.push(lock);
    return lock;
  };

  async function makePending(): Promise<void> {
    for (const database of databases) {
      await withAdmin(database, async (c) => {
        await c.query(`DROP TABLE ${PENDING_TABLES.join(', ')}`);
        await c.query('DELETE FROM clinic_migrations WHERE name = $1', [PENDING]);
      });
    }
  }

  /** What a clinic database holds of the migrations and of the pending migration's tables. */
  async function schemaOf(database: string): Promise<{ records: string[]; duplicates: number; tables: string[]; roleCanRead: boolean }> {
    return withAdmin(database, async (c) => {
      const records = (await c.query<{ name: string }>('SELECT name FROM clinic_migrations ORDER BY id')).rows.map((r) => r.name);
      const duplicates = (await c.query('SELECT name FROM clinic_migrations GROUP BY name HAVING count(*) > 1')).rows.length;
      const tables = (await c.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename = ANY($1) ORDER BY tablename`, [PENDING_TABLES])).rows.map((r) => r.tablename);
      const role = database;
      const grant = tables.includes('calendar_events') ? await c.query<{ ok: boolean }>(`SELECT has_table_privilege($1, 'calendar_events', 'SELECT') AS ok`, [role]) : { rows: [{ ok: false }] };
      return { records, duplicates, tables, roleCanRead: grant.rows[0].ok };
    });
  }

  async function expectFullyMigrated(): Promise<void> {
    const everything = CLINIC_MIGRATIONS.map((m) => new m().name ?? m.name);
    for (const database of databases) {
      expect(await schemaOf(database)).toEqual({ records: everything, duplicates: 0, tables: [...PENDING_TABLES].sort(), roleCanRead: true });
    }
    const versions = await registry<{ schema_version: string }>('SELECT schema_version FROM clinics');
    expect(versions.map((v) => v.schema_version)).toEqual(Array(CLINICS).fill(PENDING));
  }

  /** The migrator's connection to `database` waiting on a lock. */
  const migratorWaiting = (database: string): Promise<true> =>
    eventually(async () => {
      const rows = await withAdmin('postgres', (c) => c.query(`SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND application_name = 'sophie-migrator' AND wait_event_type = 'Lock'`, [database]));
      return rows.rows.length > 0 ? true : undefined;
    }, `the migrator to wait on ${database}`, 60_000);

  beforeAll(async () => {
    await ensureCliBuilt();
    api = await TestApp.start();
    const superToken = await api.superadminToken();
    for (let i = 0; i < CLINICS; i += 1) await api.provisionClinic(superToken);
    databases = (await registry<{ database_name: string }>('SELECT database_name FROM clinics ORDER BY created_at')).map((r) => r.database_name);
  }, 150_000);

  afterEach(async () => {
    await Promise.all(held.splice(0).map((lock) => lock.release().catch(() => undefined)));
    await Promise.all(running.splice(0).map((cli) => cli.kill()));
  });

  afterAll(async () => {
    await api?.destroy();
  });

  it('lets one of two runners started at once migrate every clinic exactly once, while the other refuses with exit 2', async () => {
    await makePending();
    const lock = await hold(databases[0]);
    const [a, b] = [migrate('--concurrency', '2'), migrate('--concurrency', '2')];
    const refused = await Promise.race([a.exit, b.exit]);
    expect(refused).toMatchObject({ code: 2, signal: null });
    expect(refused.err).toContain('Another migration run is in progress; nothing was done.');
    expect(refused.out).not.toMatch(/migrated/);

    await migratorWaiting(databases[0]);
    await lock.release();
    const [first, second] = await Promise.all([a.exit, b.exit]);
    const winner = first === refused ? second : first;
    expect(winner).toMatchObject({ code: 0, signal: null });
    expect(winner.out).toContain(`${CLINICS} clinics: ${CLINICS} migrated, 0 up to date, 0 failed`);
    await expectFullyMigrated();

    const again = await migrate().exit;
    expect(again.code).toBe(0);
    expect(again.out).toContain(`${CLINICS} clinics: 0 migrated, ${CLINICS} up to date, 0 failed`);
  });

  it('frees the lock of a runner killed (SIGKILL) half-way, rolls back its unfinished migration, and the next run finishes the job', async () => {
    await makePending();
    const stuck = databases[1];
    const lock = await hold(stuck);
    const runner = migrate('--concurrency', '2');
    await migratorWaiting(stuck);
    // Every other clinic is migrated meanwhile; the stuck one is inside its migration's transaction.
    await eventually(async () => {
      const others = await Promise.all(databases.filter((d) => d !== stuck).map(schemaOf));
      return others.every((s) => s.records.includes(PENDING)) ? true : undefined;
    }, 'the other clinics to be migrated', 60_000);

    expect(await runner.kill()).toMatchObject({ signal: 'SIGKILL' });
    const key = advisoryKey(`sophie:${api.prefix}:migrate-all`);
    await eventually(async () => {
      const free = await withAdmin(`${api.prefix}_registry`, async (c) => {
        const taken = (await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [key])).rows[0].ok;
        if (taken) await c.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
        return taken;
      });
      return free ? true : undefined;
    }, 'the killed runner\'s advisory lock to go with its session');

    await lock.release();
    await eventually(async () => {
      const rows = await withAdmin('postgres', (c) => c.query(`SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND application_name = 'sophie-migrator'`, [stuck]));
      return rows.rows.length === 0 ? true : undefined;
    }, 'the orphaned migration session to end');
    const half = await schemaOf(stuck);
    expect(half.records).not.toContain(PENDING);
    expect(half.tables).toEqual([]);

    const next = await migrate().exit;
    expect(next.code).toBe(0);
    expect(next.out).toContain(`${CLINICS} clinics: 1 migrated, ${CLINICS - 1} up to date, 0 failed`);
    await expectFullyMigrated();
  });
});
