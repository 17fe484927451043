import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { SecretBox } from '../libs/common/src';
import { freePort } from './faults/support/api-process';
import { dumpDatabaseText } from './support/dump';
import { withAdminAt } from './support/installation';
import { SecondDatabaseServer } from './support/second-database-server';
import { placements, secondAdminUrl, secondServerBody, ServerBody } from './support/servers';
import { TestApp } from './support/test-app';
import { adminUrl, withAdmin } from './support/test-env';

const ERROR_SHAPE = { statusCode: expect.any(Number), error: expect.any(String), code: expect.any(String), message: expect.any(String), requestId: expect.any(String) };
type Shape = { room: number; status?: 'accepting' | 'draining' };

describe('Database servers', () => {
  let api: TestApp;
  let superToken: string;
  let second: SecondDatabaseServer;
  let secondName: string;

  const list = async (): Promise<ServerBody[]> => {
    const res = await api.get<ServerBody[]>('/api/superadmin/servers', superToken);
    expect(res.status).toBe(200);
    return res.body;
  };
  const byName = async (name: string): Promise<ServerBody> => (await list()).find((s) => s.name === name) as ServerBody;
  /** Sets each server's status and its capacity to its clinic count plus `room`. */
  const shape = async (primary: Shape, other: Shape): Promise<void> => {
    for (const server of await list()) {
      const wanted = server.is_primary ? primary : other;
      const res = await api.patch(`/api/superadmin/servers/${server.id}`, { capacity: server.clinics + wanted.room, status: wanted.status ?? 'accepting' }, superToken);
      expect(res.status).toBe(200);
    }
  };
  const provisionOn = async (): Promise<string> => {
    const clinic = await api.provisionClinic(superToken);
    return (await placements(api.prefix)).get(clinic.id)?.server as string;
  };

  beforeAll(async () => {
    api = await TestApp.start();
    superToken = await api.superadminToken();
    second = await SecondDatabaseServer.start();
    const added = await api.post<ServerBody>('/api/superadmin/servers', secondServerBody(second), superToken);
    if (added.status !== 201) throw new Error(`Adding the second server failed: ${added.status} ${JSON.stringify(added.body)}`);
    secondName = added.body.name;
  });

  afterAll(async () => {
    await api?.destroy();
    await second?.destroy();
  });

  it('lists both servers with their clinic counts and room, and never a password', async () => {
    await api.provisionClinic(superToken);
    const servers = await list();
    expect(servers).toHaveLength(2);
    const primary = servers.find((s) => s.is_primary) as ServerBody;
    const other = servers.find((s) => !s.is_primary) as ServerBody;
    expect(other).toMatchObject({ name: secondName, host: '127.0.0.1', port: second.port, admin_user: 'postgres', status: 'accepting', is_primary: false });
    for (const s of servers) expect(s.room).toBe(Math.max(s.capacity - s.clinics, 0));
    expect(primary.clinics + other.clinics).toBe((await placements(api.prefix)).size);
    const text = JSON.stringify(servers);
    expect(text).not.toMatch(/password/i);
    expect(text).not.toContain(second.address.adminPassword);
    const one = await api.get<ServerBody>(`/api/superadmin/servers/${other.id}`, superToken);
    expect(one.body).toEqual(other);
  });

  it('places each new clinic on the accepting server with the most room, the older one on a tie, then refuses with 503 when all are full', async () => {
    await shape({ room: 2 }, { room: 3 });
    const placed: string[] = [];
    for (let i = 0; i < 5; i += 1) placed.push(await provisionOn());
    expect(placed).toEqual([secondName, 'primary', secondName, 'primary', secondName]);
    expect((await list()).map((s) => s.room)).toEqual([0, 0]);
    const refused = await api.post('/api/superadmin/clinics', { name: 'No room', timezone: 'Europe/Paris' }, superToken);
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ ...ERROR_SHAPE, code: 'NO_DATABASE_SERVER', message: expect.stringMatching(/draining or full/) });
  });

  it('never overfills a server when clinics are provisioned at once', async () => {
    await shape({ room: 1 }, { room: 2 });
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => api.post('/api/superadmin/clinics', { name: `Rush ${i}`, timezone: 'Europe/Paris' }, superToken)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 503, 503]);
    for (const s of await list()) expect(s.clinics).toBe(s.capacity);
  });

  it('stops placing clinics on a drained server, and places there again once it accepts', async () => {
    await shape({ room: 5, status: 'draining' }, { room: 5 });
    expect([await provisionOn(), await provisionOn()]).toEqual([secondName, secondName]);
    await shape({ room: 5 }, { room: 5, status: 'draining' });
    expect(await provisionOn()).toBe('primary');
    await shape({ room: 5, status: 'draining' }, { room: 5, status: 'draining' });
    expect((await api.post('/api/superadmin/clinics', { name: 'Nowhere', timezone: 'Europe/Paris' }, superToken)).body).toMatchObject({ code: 'NO_DATABASE_SERVER' });
    await shape({ room: 5 }, { room: 5 });
    expect(['primary', secondName]).toContain(await provisionOn());
  });

  it('counts only clinics that hold a database: a failed or decommissioned clinic leaves room', async () => {
    await shape({ room: 0, status: 'draining' }, { room: 5 });
    const clinic = await api.provisionClinic(superToken);
    const before = (await byName(secondName)).clinics;
    const setStatus = (status: string): Promise<unknown> => withAdmin(`${api.prefix}_registry`, (c) => c.query('UPDATE clinics SET status = $2 WHERE id = $1', [clinic.id, status]));
    for (const [status, counted] of [['failed', false], ['decommissioned', false], ['suspended', true], ['decommissioning', true], ['active', true]] as const) {
      await setStatus(status);
      expect([status, (await byName(secondName)).clinics]).toEqual([status, counted ? before : before - 1]);
    }
  });

  it('refuses a second record of a name or an address with 409', async () => {
    const sameName = await api.post('/api/superadmin/servers', secondServerBody(second, { host: 'pg.elsewhere.invalid' }), superToken);
    expect(sameName.status).toBe(409);
    expect(sameName.body).toMatchObject({ ...ERROR_SHAPE, code: 'DATABASE_SERVER_NAME_TAKEN' });
    const sameAddress = await api.post('/api/superadmin/servers', secondServerBody(second, { name: 'another-name' }), superToken);
    expect(sameAddress.status).toBe(409);
    expect(sameAddress.body).toMatchObject({ code: 'DATABASE_SERVER_ADDRESS_TAKEN', message: expect.stringContaining(secondName) });
    expect(JSON.stringify([sameName.body, sameAddress.body])).not.toContain(second.address.adminPassword);
  });

  it('seals the admin password in the registry: no clear text in a dump of it', async () => {
    const dump = await dumpDatabaseText(`${api.prefix}_registry`);
    expect(dump).not.toContain(second.address.adminPassword);
    const sealed = await withAdmin(`${api.prefix}_registry`, async (c) =>
      (await c.query<{ s: string }>('SELECT admin_password_encrypted AS s FROM database_servers WHERE name = $1', [secondName])).rows[0].s,
    );
    expect(sealed).toMatch(/^v1:/);
    expect(new SecretBox(api.config.secretsKey).decrypt(sealed)).toBe(second.address.adminPassword);
  });

  it('audits adding, draining, reopening and resizing by id only, and a change of nothing not at all', async () => {
    const server = await byName(secondName);
    const entries = async (): Promise<Array<Record<string, unknown>>> =>
      withAdmin(`${api.prefix}_registry`, async (c) =>
        (await c.query<Record<string, unknown>>("SELECT * FROM audit_log WHERE target_type = 'database_server' AND target_id = $1 ORDER BY id", [server.id])).rows,
      );
    const before = (await entries()).length;
    for (const body of [{ status: 'draining' }, { status: 'accepting' }, { capacity: server.capacity + 1 }, { capacity: server.capacity + 1, status: 'accepting' }]) {
      expect((await api.patch(`/api/superadmin/servers/${server.id}`, body, superToken)).status).toBe(200);
    }
    const rows = await entries();
    expect(rows.map((r) => r.action)).toEqual(expect.arrayContaining(['server.added']));
    expect(rows.slice(before).map((r) => r.action)).toEqual(['server.draining', 'server.accepting', 'server.capacity_changed']);
    expect(rows.every((r) => r.actor_role === 'SUPERADMIN' && r.clinic_id === null && typeof r.request_id === 'string')).toBe(true);
    expect(JSON.stringify(rows)).not.toMatch(new RegExp(`${secondName}|127\\.0\\.0\\.1:|${second.address.adminPassword}`));
  });

  it('keeps clinic admins and anonymous callers out of the server routes', async () => {
    await shape({ room: 1 }, { room: 1 });
    const clinic = await api.provisionClinic(superToken);
    const admin = await api.createClinicAdmin(superToken, clinic.id);
    expect((await api.get('/api/superadmin/servers', admin.token)).status).toBe(403);
    expect((await api.post('/api/superadmin/servers', secondServerBody(second, { name: 'sneaky' }), admin.token)).status).toBe(403);
    expect((await api.get('/api/superadmin/servers')).status).toBe(401);
  });

  describe('isolation on both servers', () => {
    let onPrimary: { id: string };
    let onSecond: { id: string };
    let alsoOnSecond: { id: string };

    beforeAll(async () => {
      await shape({ room: 1 }, { room: 0, status: 'draining' });
      onPrimary = await api.provisionClinic(superToken, { name: 'Clinique Primaire' });
      await shape({ room: 0, status: 'draining' }, { room: 2 });
      onSecond = await api.provisionClinic(superToken, { name: 'Clinique Seconde' });
      alsoOnSecond = await api.provisionClinic(superToken);
      const where = await placements(api.prefix);
      expect([onPrimary, onSecond, alsoOnSecond].map((c) => where.get(c.id)?.server)).toEqual(['primary', secondName, secondName]);
    });

    it("lets a clinic role on the second server into its own database only: not another clinic's, not the registry", async () => {
      const where = await placements(api.prefix);
      const own = where.get(onSecond.id)!;
      const neighbour = where.get(alsoOnSecond.id)!;
      const password = new SecretBox(api.config.secretsKey).decrypt(own.sealed as string);
      const connect = async (port: number, database: string): Promise<Client> => {
        const client = new Client({ host: '127.0.0.1', port, user: own.role, password, database, connectionTimeoutMillis: 5000 });
        client.on('error', () => undefined);
        await client.connect();
        return client;
      };
      const mine = await connect(second.port, own.database);
      expect((await mine.query('SELECT count(*)::int AS n FROM patients')).rows[0]).toEqual({ n: 0 });
      await expect(mine.query('CREATE TABLE intruder (id int)')).rejects.toMatchObject({ code: '42501' });
      await mine.end();
      await expect(connect(second.port, neighbour.database)).rejects.toMatchObject({ code: '42501' });
      // The registry lives on the primary server, where this role does not even exist.
      await expect(connect(Number(new URL(adminUrl()).port), `${api.prefix}_registry`)).rejects.toMatchObject({ code: '28P01' });
      const powers = await withAdminAt(secondAdminUrl(second), 'postgres', async (c) =>
        (await c.query<Record<string, boolean>>('SELECT rolsuper, rolcreatedb, rolcreaterole, rolbypassrls FROM pg_roles WHERE rolname = $1', [own.role])).rows[0],
      );
      expect(powers).toEqual({ rolsuper: false, rolcreatedb: false, rolcreaterole: false, rolbypassrls: false });
    });

    it("never shows one clinic's rows to another when they live on different servers", async () => {
      const adminP = await api.createClinicAdmin(superToken, onPrimary.id);
      const adminS = await api.createClinicAdmin(superToken, onSecond.id);
      const phones = { [onPrimary.id]: '+33611111111', [onSecond.id]: '+41791234567' };
      expect((await api.post(`/api/clinics/${onPrimary.id}/patients`, { first_name: 'Paule', phone: phones[onPrimary.id] }, adminP.token)).status).toBe(201);
      expect((await api.post(`/api/clinics/${onSecond.id}/patients`, { first_name: 'Serge', phone: phones[onSecond.id] }, adminS.token)).status).toBe(201);
      expect((await api.get(`/api/clinics/${onSecond.id}/patients`, adminP.token)).status).toBe(403);
      expect((await api.get(`/api/clinics/${onPrimary.id}/patients`, adminS.token)).status).toBe(403);
      const asked = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? onPrimary.id : onSecond.id));
      const answers = await Promise.all(asked.map((id) => api.get<{ items: Array<{ phone: string }> }>(`/api/clinics/${id}/patients`, superToken)));
      answers.forEach((res, i) => expect([asked[i], res.body.items.map((p) => p.phone)]).toEqual([asked[i], [phones[asked[i]]]]));
    });
  });
});

describe('Database servers that fail their check', () => {
  let api: TestApp;
  let superToken: string;
  let second: SecondDatabaseServer;

  beforeAll(async () => {
    api = await TestApp.start();
    superToken = await api.superadminToken();
    second = await SecondDatabaseServer.start();
  });

  afterAll(async () => {
    await api?.destroy();
    await second?.destroy();
  });

  afterEach(async () => {
    // Nothing that failed its check was recorded.
    expect((await api.get<ServerBody[]>('/api/superadmin/servers', superToken)).body.map((s) => s.name)).toEqual(['primary']);
  });

  const add = (overrides: Record<string, unknown>) => api.post<{ code: string; message: string; details?: unknown }>('/api/superadmin/servers', secondServerBody(second, overrides), superToken);

  it('refuses a wrong password with 422, naming the role and never echoing the password', async () => {
    const wrong = `wrong-${randomBytes(6).toString('hex')}`;
    const res = await add({ admin_password: wrong });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ ...ERROR_SHAPE, code: 'DATABASE_SERVER_LOGIN_REFUSED', message: expect.stringContaining('"postgres"') });
    expect(JSON.stringify(res.body)).not.toContain(wrong);
  });

  it('refuses a port where nothing answers with 422', async () => {
    const port = await freePort();
    const res = await add({ port });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ ...ERROR_SHAPE, code: 'DATABASE_SERVER_UNREACHABLE', message: expect.stringContaining(`127.0.0.1:${port}`) });
  });

  it('refuses a role that cannot create databases with 422, naming what it lacks', async () => {
    const role = `nocreatedb_${randomBytes(4).toString('hex')}`;
    const password = `pw-${randomBytes(8).toString('hex')}`;
    await withAdminAt(secondAdminUrl(second), 'postgres', (c) => c.query(`CREATE ROLE ${role} LOGIN CREATEROLE PASSWORD '${password}'`));
    try {
      const res = await add({ admin_user: role, admin_password: password });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ ...ERROR_SHAPE, code: 'DATABASE_SERVER_ROLE_NOT_PRIVILEGED', details: { missing: ['CREATEDB'] } });
      expect(res.body.message).toContain(role);
    } finally {
      await withAdminAt(secondAdminUrl(second), 'postgres', (c) => c.query(`DROP ROLE IF EXISTS ${role}`));
    }
  });

  it.each([
    ['no password', { admin_password: undefined }, /admin_password/],
    ['a port out of range', { port: 70000 }, /port/],
    ['a negative capacity', { capacity: -1 }, /capacity/],
    ['a name with spaces', { name: 'my server' }, /name/],
  ])('refuses %s with 400', async (_, overrides, detail) => {
    const res = await add(overrides);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ ...ERROR_SHAPE, code: 'VALIDATION_FAILED' });
    expect(JSON.stringify(res.body.details)).toMatch(detail);
  });
});
