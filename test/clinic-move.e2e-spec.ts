import { DatabaseServersService } from '../libs/registry/src';
import { cli } from './support/cli';
import { SecondDatabaseServer } from './support/second-database-server';
import { placements, secondAdminUrl, secondServerBody } from './support/servers';
import { TestApp } from './support/test-app';
import { withAdminAt } from './support/installation';
import { adminUrl, withAdmin } from './support/test-env';
import { eventually } from './support/whatsapp';
import { ensureCliBuilt, startCli } from './faults/support/cli-process';
import { SteadyLoad } from './faults/support/steady-load';

interface Patient {
  id: string;
  first_name: string;
  last_name: string;
}

/**
 * Moving a clinic to another PostgreSQL server (`clinics move <id> --to <server>`) under a read load: reads never
 * fail, writes are refused with 503 and Retry-After only while it is copied, its data arrives whole, and a mover
 * killed half-way leaves the clinic working where it was.
 */
describe('Moving a clinic between database servers', () => {
  let api: TestApp;
  let second: SecondDatabaseServer;
  let superToken: string;
  let secondName: string;
  let clinic: { id: string; token: string };
  let bystander: { id: string; token: string };

  const patients = async (c = clinic): Promise<string[]> => {
    const res = await api.get<{ items: Patient[] }>(`/api/clinics/${c.id}/patients?limit=100`, c.token);
    expect(res.status).toBe(200);
    return res.body.items.map((p) => `${p.first_name} ${p.last_name}`).sort();
  };
  const rename = (id: string, first: string) => api.patch(`/api/clinics/${clinic.id}/patients/${id}`, { first_name: first }, clinic.token);
  const serverOf = async (id: string): Promise<string | undefined> => (await placements(api.prefix)).get(id)?.server;
  const databaseOn = async (adminUrl: string | null, name: string): Promise<boolean> => {
    const probe = 'SELECT 1 FROM pg_database WHERE datname = $1';
    const rows = adminUrl ? await withAdminAt(adminUrl, 'postgres', (c) => c.query(probe, [name])) : await withAdmin('postgres', (c) => c.query(probe, [name]));
    return (rows.rowCount ?? 0) > 0;
  };

  beforeAll(async () => {
    await ensureCliBuilt();
    second = await SecondDatabaseServer.start();
    api = await TestApp.start();
    superToken = await api.superadminToken();
    const provision = async (): Promise<{ id: string; token: string }> => {
      const { id } = await api.provisionClinic(superToken);
      return { id, token: (await api.createClinicAdmin(superToken, id)).token };
    };
    clinic = await provision();
    bystander = await provision();
    const added = await api.post<{ name: string }>('/api/superadmin/servers', secondServerBody(second), superToken);
    expect(added.status).toBe(201);
    secondName = added.body.name;
    for (const name of ['Ada Lovelace', 'Marie Curie', 'Rosalind Franklin']) {
      const [first, last] = name.split(' ');
      expect((await api.post(`/api/clinics/${clinic.id}/patients`, { first_name: first, last_name: last, phone: `+3361${String(Math.random()).slice(2, 9)}` }, clinic.token)).status).toBe(201);
    }
  }, 120_000);

  afterAll(async () => {
    await api?.destroy();
    await second?.destroy();
  });

  it('leaves the clinic working where it was, with its data, when the mover is killed half-way', async () => {
    const { rows } = await withAdmin(`${api.prefix}_registry`, (c) => c.query<{ database_name: string }>('SELECT database_name FROM clinics WHERE id = $1', [clinic.id]));
    const database = rows[0].database_name;
    // A write in progress on the clinic's database: the mover waits for it at its locking step, where it is killed.
    const blocker = await withAdmin(database, async (c) => {
      await c.query('BEGIN');
      await c.query('LOCK TABLE patients IN ROW EXCLUSIVE MODE');
      const mover = startCli({ ...api.env }, 'clinics', 'move', clinic.id, '--to', secondName, '--lease', '15');
      let progress = '';
      mover.child.stderr?.on('data', (chunk: Buffer) => (progress += chunk.toString()));
      await eventually(() => (/Locking the clinic's tables/.test(progress) ? true : undefined), 'the mover waiting for its locks', 60_000);
      const ended = await mover.kill();
      await c.query('ROLLBACK');
      return ended;
    });
    expect(blocker.signal).toBe('SIGKILL');
    expect(await serverOf(clinic.id)).toBe('primary');
    // Its writes were refused for the lease (15 s), which lapses with nobody to renew it.
    const [first] = (await api.get<{ items: Patient[] }>(`/api/clinics/${clinic.id}/patients?limit=1`, clinic.token)).body.items;
    await eventually(async () => ((await rename(first.id, first.first_name)).status === 200 ? true : undefined), 'writes accepted again', 40_000);
    expect(await patients()).toEqual(['Ada Lovelace', 'Marie Curie', 'Rosalind Franklin']);
  }, 120_000);

  it('moves under a read load: no read fails, writes get 503 with Retry-After only meanwhile, the data arrives whole and the old copy goes', async () => {
    const before = (await placements(api.prefix)).get(clinic.id);
    const load = new SteadyLoad(`${api.baseUrl}/api/clinics/${clinic.id}/patients`, clinic.token, 2);
    const others = new SteadyLoad(`${api.baseUrl}/api/clinics/${bystander.id}/patients`, bystander.token, 1);
    const [someone] = (await api.get<{ items: Patient[] }>(`/api/clinics/${clinic.id}/patients?limit=1`, clinic.token)).body.items;
    // A writer renames one patient over and over, each time to a new name, and keeps the last name acknowledged.
    let refused: Awaited<ReturnType<typeof rename>> | undefined;
    let acknowledged = someone.first_name;
    let writes = 0;
    let moved = false;
    const writer = (async () => {
      while (!moved) {
        writes += 1;
        const answer = await rename(someone.id, `Name${writes}`);
        if (answer.status === 200) acknowledged = `Name${writes}`;
        else if (answer.status === 503) refused ??= answer;
        else throw new Error(`A write during the move answered ${answer.status}`);
        await new Promise((resolve) => setTimeout(resolve, 25)); // a pace, so the writer does not starve the two cores
      }
    })();
    const run = await cli(api.env, 'clinics', 'move', clinic.id, '--to', secondName);
    moved = true;
    await writer;
    await load.stop();
    await others.stop();
    expect(run).toMatchObject({ code: 0 });
    expect(run.out).toMatch(new RegExp(`moved from primary to ${secondName}: \\d+ tables, \\d+ rows`));
    if (!refused) throw new Error('No write was refused during the move');
    expect(refused.body).toMatchObject({ code: 'CLINIC_READ_ONLY', statusCode: 503 });
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(load.samples.length).toBeGreaterThan(20);
    expect(load.samples.filter((s) => s.status !== 200)).toEqual([]);
    expect(others.samples.filter((s) => s.status !== 200)).toEqual([]);

    expect(await serverOf(clinic.id)).toBe(secondName);
    // No acknowledged write was lost: the last name the API said it stored is the one the new server holds.
    const expected = ['Ada Lovelace', 'Marie Curie', 'Rosalind Franklin'].map((n) => (n.endsWith(` ${someone.last_name}`) ? `${acknowledged} ${someone.last_name}` : n));
    expect(await patients()).toEqual(expected.sort());
    expect(writes).toBeGreaterThan(10);
    expect(await databaseOn(secondAdminUrl(second), before?.database ?? '')).toBe(true);
    expect(await databaseOn(null, before?.database ?? '')).toBe(false);
    const roleLeft = await withAdmin('postgres', (c) => c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [before?.role]));
    expect(roleLeft.rowCount).toBe(0);
    const audit = await api.get<{ items: unknown[] }>(`/api/superadmin/audit?clinic_id=${clinic.id}&action=clinic.moved`, superToken);
    expect(audit.body.items).toHaveLength(1);
  }, 120_000);

  it('refuses to record the same PostgreSQL server twice, and a move to such a record, leaving the clinic whole', async () => {
    const primary = new URL(adminUrl());
    const alias = { name: 'primary-by-localhost', host: 'localhost', port: Number(primary.port), adminUser: decodeURIComponent(primary.username), adminPassword: decodeURIComponent(primary.password) };
    const refused = await api.post('/api/superadmin/servers', { name: alias.name, host: alias.host, port: alias.port, admin_user: alias.adminUser, admin_password: alias.adminPassword }, superToken);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'DATABASE_SERVER_ADDRESS_TAKEN', message: expect.stringMatching(/same PostgreSQL server as the one recorded as "primary"/) as string });
    // Recorded all the same (an older installation, a hand-made row): the move refuses it before touching anything.
    const recorded = await api.app.get(DatabaseServersService).register({ ...alias, capacity: 10 });
    const run = await cli(api.env, 'clinics', 'move', bystander.id, '--to', alias.name);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/is the same PostgreSQL server as primary/);
    expect(await serverOf(bystander.id)).toBe('primary');
    expect((await api.get(`/api/clinics/${bystander.id}/patients`, bystander.token)).status).toBe(200);
    expect((await api.patch(`/api/superadmin/servers/${recorded.id}`, { status: 'draining' }, superToken)).status).toBe(200);
  });

  it('refuses a move to the server the clinic is on, to an unknown one, and of an unknown clinic', async () => {
    expect((await cli(api.env, 'clinics', 'move', clinic.id, '--to', secondName)).err).toMatch(/already lives on that server/);
    expect((await cli(api.env, 'clinics', 'move', clinic.id, '--to', 'nowhere')).err).toMatch(/No database server named nowhere/);
    expect((await cli(api.env, 'servers', 'set-capacity', secondName, '1')).code).toBe(0); // it holds the moved clinic
    expect((await cli(api.env, 'clinics', 'move', bystander.id, '--to', secondName)).err).toMatch(/is full: raise its capacity first/);
    expect(await serverOf(bystander.id)).toBe('primary');
    const unknown = await cli(api.env, 'clinics', 'move', '00000000-0000-4000-8000-000000000000', '--to', 'primary');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/No such clinic/);
  });
});
