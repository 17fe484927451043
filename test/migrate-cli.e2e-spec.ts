import { CLINIC_MIGRATIONS } from '../migrations';
import { advisoryKey } from '../libs/registry/src';
import { latestMigrationName } from '../libs/tenancy/src';

import { cli } from './support/cli';
import { UNDO_MIGRATIONS } from './support/clinic-schema';
import { TestApp } from './support/test-app';
import { withAdmin } from './support/test-env';

describe('Operator CLI', () => {
  let api: TestApp;
  let superToken: string;
  let clinics: Array<{ id: string }>;

  const databaseOf = (id: string): Promise<string> =>
    withAdmin(`${api.prefix}_registry`, async (c) => (await c.query<{ database_name: string }>('SELECT database_name FROM clinics WHERE id = $1', [id])).rows[0].database_name);
  const lineOf = (output: string, id: string): string => output.split('\n').find((line) => line.includes(id)) ?? '';

  beforeAll(async () => {
    api = await TestApp.start();
    superToken = await api.superadminToken();
    clinics = [await api.provisionClinic(superToken), await api.provisionClinic(superToken), await api.provisionClinic(superToken)];
  });

  afterAll(async () => {
    await api.destroy();
  });

  it('migrates every clinic, reports the one that fails, exits 1, and a second run redoes nothing', async () => {
    const [first, second, broken] = clinics;
    // Undo every migration on two clinics, so they are pending there; on the third, forget they were
    // applied but keep the tables, so applying them again fails.
    for (const clinic of [first, second]) {
      await withAdmin(await databaseOf(clinic.id), async (c) => {
        await c.query(UNDO_MIGRATIONS);
        await c.query('DELETE FROM clinic_migrations');
      });
    }
    await withAdmin(await databaseOf(broken.id), (c) => c.query('DELETE FROM clinic_migrations'));

    const run = await cli(api.env, 'migrate', '--concurrency', '2');
    expect(run.code).toBe(1);
    expect(lineOf(run.out, first.id)).toMatch(/migrated/);
    expect(lineOf(run.out, second.id)).toMatch(/migrated/);
    expect(lineOf(run.out, broken.id)).toMatch(/failed.*already exists/);
    expect(run.out).toMatch(/3 clinics: 2 migrated, 0 up to date, 1 failed/);
    // The migrated clinics work again, through their own roles.
    expect((await api.get(`/api/clinics/${first.id}`, superToken)).status).toBe(200);

    const again = await cli(api.env, 'migrate');
    expect(again.code).toBe(1);
    expect(lineOf(again.out, first.id)).toMatch(/up-to-date/);
    expect(again.out).toMatch(/3 clinics: 0 migrated, 2 up to date, 1 failed/);

    const status = await cli(api.env, 'migrate', '--status');
    expect(status.code).toBe(0);
    expect(lineOf(status.out, broken.id)).toContain(CLINIC_MIGRATIONS.map((m) => m.name).join(', '));
    expect(lineOf(status.out, first.id)).toMatch(/up to date/);

    const versions = await withAdmin(`${api.prefix}_registry`, async (c) =>
      (await c.query<{ id: string; schema_version: string }>('SELECT id, schema_version FROM clinics WHERE id = ANY($1)', [[first.id, second.id]])).rows,
    );
    expect(versions.map((v) => v.schema_version)).toEqual([latestMigrationName(), latestMigrationName()]);

    // Repair the broken clinic by hand (its tables are already right) and migrate it alone.
    await withAdmin(await databaseOf(broken.id), (c) => c.query(UNDO_MIGRATIONS));
    const one = await cli(api.env, 'migrate', '--clinic', broken.id);
    expect(one.code).toBe(0);
    expect(one.out).toMatch(/1 clinics: 1 migrated/);
  });

  it('refuses to run while another migration run holds the lock', async () => {
    await withAdmin(`${api.prefix}_registry`, async (c) => {
      await c.query('SELECT pg_advisory_lock($1::bigint)', [advisoryKey(`sophie:${api.prefix}:migrate-all`)]);
      const run = await cli(api.env, 'migrate');
      expect(run.code).toBe(2);
      expect(run.err).toMatch(/in progress/);
    });
  });

  it('lists clinics, provisions one, and creates a clinic admin who can log in', async () => {
    const provisioned = await cli(api.env, 'clinics', 'provision', '--name', 'Cabinet CLI', '--timezone', 'America/Montreal', '--email', 'cli@example.org');
    expect(provisioned.code).toBe(0);
    const id = /Clinic provisioned: ([0-9a-f-]{36})/.exec(provisioned.out)?.[1] as string;
    expect(id).toBeDefined();

    const list = await cli(api.env, 'clinics', 'list');
    expect(list.code).toBe(0);
    expect(lineOf(list.out, id)).toMatch(/Cabinet CLI.*active.*America\/Montreal/);

    const created = await cli(api.env, 'users', 'create', '--username', 'cli-admin', '--clinic', id);
    expect(created.code).toBe(0);
    const password = /Password \(shown once\): (\S+)/.exec(created.out)?.[1] as string;
    const token = await api.login('cli-admin', password);
    expect((await api.get(`/api/clinics/${id}`, token)).status).toBe(200);
  });

  it('refuses bad CLI input with exit code 2 and a message', async () => {
    const badZone = await cli(api.env, 'clinics', 'provision', '--name', 'X', '--timezone', 'Mars/Olympus');
    expect(badZone.code).toBe(2);
    expect(badZone.err).toMatch(/timezone/);
    const badConcurrency = await cli(api.env, 'migrate', '--concurrency', 'lots');
    expect(badConcurrency.code).toBe(2);
    const unknown = await cli(api.env, 'frobnicate');
    expect(unknown.code).toBe(2);
  });
});
