import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { advisoryKey, ClinicRegistryService, ClinicRoute, withAdvisoryLock } from '@sophie/registry';
import { ClinicMigrationsService, TenancyErrorCode, TenantPoolCache } from '@sophie/tenancy';
import { parsePgUrl } from '@sophie/common';
import { FakeMetaGraph } from './fakes/meta-graph-fake';
import { PgBouncer, PgBouncerServer } from './support/pgbouncer';
import { createPractitioner, createTreatment, dayAhead, localInstant } from './support/scheduling';
import { TestApp } from './support/test-app';
import { adminUrl, dropInstallation, testEnvironment, withAdmin } from './support/test-env';
import { configureWhatsApp, contact, eventually, newMetaSetup, notification, postWebhook, textMessage, wamid } from './support/whatsapp';

/** Server connections PgBouncer may open per (database, role): far fewer than the API's clients. */
const SERVER_POOL = 2;
/** The test server's superuser: PgBouncer's auth_user. */
const authUser = (): string => parsePgUrl(adminUrl()).user;
const ZONE = 'Europe/Paris';

interface Clinic {
  id: string;
  token: string;
  base: string;
  database: string;
}

describe('PgBouncer in transaction mode', () => {
  let bouncer: PgBouncer | undefined;
  let graph: FakeMetaGraph | undefined;
  let api: TestApp | undefined;
  let dataDir: string | undefined;
  let prefix: string | undefined;
  let a: Clinic;
  let b: Clinic;

  const app = (): TestApp => api as TestApp;
  const fakeMeta = (): FakeMetaGraph => graph as FakeMetaGraph;
  const pooledPids = async (): Promise<Set<number>> => new Set((await (bouncer as PgBouncer).show<PgBouncerServer>('SERVERS')).map((s) => Number(s.remote_pid)));
  /** Backends of PostgreSQL itself connected to `database`, with their application names. */
  const backendsOf = (database: string): Promise<Array<{ pid: number; application_name: string }>> =>
    withAdmin('postgres', async (c) => (await c.query<{ pid: number; application_name: string }>('SELECT pid, application_name FROM pg_stat_activity WHERE datname = $1', [database])).rows);

  async function newClinic(superToken: string): Promise<Clinic> {
    const { id } = await app().provisionClinic(superToken, { timezone: ZONE });
    const { token } = await app().createClinicAdmin(superToken, id);
    return { id, token, base: `/api/clinics/${id}`, database: `${app().prefix}_clinic_${id.replace(/-/g, '')}` };
  }

  beforeAll(async () => {
    bouncer = await PgBouncer.start(adminUrl(), { defaultPoolSize: SERVER_POOL, queryWaitTimeoutSeconds: 15 });
    graph = await FakeMetaGraph.start();
    dataDir = await mkdtemp(path.join(tmpdir(), 'sophie-pgb-'));
    const env = testEnvironment({
      META_GRAPH_URL: graph.baseUrl,
      DATA_DIR: dataDir,
      // Debian's PgBouncer is 1.18: no named prepared statements in transaction mode.
      DATABASE_PREPARED_STATEMENTS: 'false',
      TENANT_POOL_SIZE: '4',
      REGISTRY_POOL_SIZE: '6',
    });
    env.DATABASE_POOL_URL = bouncer.through(env.DATABASE_URL as string);
    prefix = env.DB_PREFIX;
    api = await TestApp.start({}, env);
    const superToken = await api.superadminToken();
    a = await newClinic(superToken);
    b = await newClinic(superToken);
  });

  afterAll(async () => {
    try {
      if (api) await api.destroy();
      else if (prefix) await dropInstallation(prefix); // the app did not start: drop what its migration made
    } finally {
      await graph?.stop();
      await bouncer?.stop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('sends the registry pool, the queue and the clinic pools through PgBouncer', async () => {
    for (const clinic of [a, b]) expect((await app().get(`${clinic.base}/patients`, clinic.token)).status).toBe(200);
    const stats = await (bouncer as PgBouncer).show<{ database: string; total_xact_count: string }>('STATS');
    const xacts = (database: string): number => Number(stats.find((s) => s.database === database)?.total_xact_count ?? 0);
    expect(xacts(`${app().prefix}_registry`)).toBeGreaterThan(0);
    expect(xacts(a.database)).toBeGreaterThan(0);
    expect(xacts(b.database)).toBeGreaterThan(0);
    const clients = await (bouncer as PgBouncer).show<{ database: string; application_name?: string }>('CLIENTS');
    expect(clients.some((c) => c.database === `${app().prefix}_registry` && c.application_name === 'sophie-queue')).toBe(true);
    // Every backend serving a clinic database is one of PgBouncer's server connections: nothing went around it.
    const pooled = await pooledPids();
    for (const clinic of [a, b]) for (const backend of await backendsOf(clinic.database)) expect(pooled.has(backend.pid)).toBe(true);
  });

  it('gives clinic sessions the role\'s statement timeout, which PgBouncer does not take as a startup parameter', async () => {
    const route = await app().app.get(ClinicRegistryService).findRoute(a.id);
    expect(route).toMatchObject({ poolerPort: (bouncer as PgBouncer).port });
    const shown = await app().app.get(TenantPoolCache).withClinic(route as ClinicRoute, (ds) => ds.query<Array<{ statement_timeout: string }>>('SHOW statement_timeout'));
    expect(shown[0].statement_timeout).toBe('15s');
  });

  it('provisions clinics concurrently: placement locked per transaction, template copies under direct locks', async () => {
    const superToken = await app().superadminToken();
    const clinics = await Promise.all(Array.from({ length: 3 }, () => newClinic(superToken)));
    expect(new Set(clinics.map((c) => c.database)).size).toBe(3);
    for (const clinic of clinics) expect((await app().get(`${clinic.base}/patients`, clinic.token)).status).toBe(200);
  });

  it('serves clinic CRUD and a booking', async () => {
    const created = await app().post<{ id: string }>(`${a.base}/patients`, { first_name: 'Anna', last_name: 'Pooled', phone: '+33612340001' }, a.token);
    expect(created.status).toBe(201);
    const renamed = await app().patch<{ last_name: string }>(`${a.base}/patients/${created.body.id}`, { last_name: 'Bounced' }, a.token);
    expect(renamed.body.last_name).toBe('Bounced');
    expect((await app().get<{ last_name: string }>(`${a.base}/patients/${created.body.id}`, a.token)).body.last_name).toBe('Bounced');
    const treatmentId = await createTreatment(app(), a.base, a.token);
    const practitionerId = await createPractitioner(app(), a.base, a.token, 'Pooler', treatmentId);
    const day = dayAhead(3, ZONE);
    const slots = await app().get<{ slots: Array<{ start: string }> }>(`${a.base}/slots?treatmentId=${treatmentId}&practitionerId=${practitionerId}&from=${day}&to=${day}`, a.token);
    expect(slots.status).toBe(200);
    const booked = await app().post<{ id: string; status: string }>(
      `${a.base}/appointments`,
      { patient_id: created.body.id, treatment_id: treatmentId, practitioner_id: practitionerId, start: localInstant(day, '09:00', ZONE) },
      a.token,
    );
    expect(booked.status).toBe(201);
    expect(booked.body.status).toBe('booked');
    const again = await app().post(`${a.base}/appointments`, { patient_id: created.body.id, treatment_id: treatmentId, practitioner_id: practitionerId, start: localInstant(day, '09:00', ZONE) }, a.token);
    expect(again.status).toBe(409);
  });

  it('stores a signed webhook and has the queue process it and answer through Meta', async () => {
    const meta = newMetaSetup();
    fakeMeta().tokens.set(meta.phoneNumberId, meta.accessToken);
    await configureWhatsApp(app(), b.id, b.token, meta);
    const id = wamid();
    const res = await postWebhook(app(), b.id, notification(meta.phoneNumberId, { contacts: [contact('33655500001')], messages: [textMessage('33655500001', 'Bonjour', id)] }), meta.appSecret);
    expect(res.status).toBe(200);
    const processed = await eventually(
      async () => (await withAdmin(b.database, (c) => c.query<{ processed_at: Date | null }>('SELECT processed_at FROM messages WHERE whatsapp_message_id = $1', [id]))).rows[0]?.processed_at ?? undefined,
      'the message to be processed',
    );
    expect(processed).toBeInstanceOf(Date);
    await eventually(() => (fakeMeta().sent.some((s) => s.kind === 'read' && s.wamid === id) ? true : undefined), 'the read receipt');
    await eventually(() => (fakeMeta().sent.some((s) => s.kind === 'message' && s.phoneNumberId === meta.phoneNumberId) ? true : undefined), 'the assistant\'s reply');
  });

  it('keeps two clinics apart under 200 concurrent requests over two server connections each', async () => {
    for (const [clinic, name] of [[a, 'Alpha'], [b, 'Beta']] as const) {
      for (let i = 0; i < 3; i += 1) {
        const res = await app().post(`${clinic.base}/patients`, { first_name: `${name}${i}`, last_name: name, phone: `+3361299${name === 'Alpha' ? 1 : 2}${String(i).padStart(3, '0')}` }, clinic.token);
        expect(res.status).toBe(201);
      }
    }
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const clinic = i % 2 === 0 ? a : b;
        return app().get<{ items: Array<{ last_name: string }> }>(`${clinic.base}/patients?search=${i % 2 === 0 ? 'Alpha' : 'Beta'}&limit=50`, clinic.token).then((res) => ({ clinic, res }));
      }),
    );
    for (const { clinic, res } of answers) {
      expect(res.status).toBe(200);
      const names = new Set(res.body.items.map((p) => p.last_name));
      expect([...names]).toEqual([clinic === a ? 'Alpha' : 'Beta']);
      expect(res.body.items).toHaveLength(3);
    }
    // Other clinics' names are never found in a clinic, whatever the search.
    const crossed = await app().get<{ items: unknown[] }>(`${a.base}/patients?search=Beta`, a.token);
    expect(crossed.body.items).toEqual([]);
    const servers = await (bouncer as PgBouncer).show<PgBouncerServer>('SERVERS');
    const clients = await (bouncer as PgBouncer).show<{ database: string; user: string }>('CLIENTS');
    for (const clinic of [a, b]) {
      // The clinic's role (named as its database) has at most SERVER_POOL server connections; the only other user on
      // its database is PgBouncer's auth_user, which runs auth_query there.
      const own = servers.filter((s) => s.database === clinic.database && s.user === clinic.database);
      expect(own.length).toBeGreaterThan(0);
      expect(own.length).toBeLessThanOrEqual(SERVER_POOL);
      expect(servers.filter((s) => s.database === clinic.database && s.user !== clinic.database).every((s) => s.user === authUser())).toBe(true);
      // …while the API holds more client connections to it than that.
      expect(clients.filter((c) => c.database === clinic.database && c.user === clinic.database).length).toBeGreaterThan(own.length);
    }
  });

  it('holds session advisory locks on direct connections, never on PgBouncer\'s', async () => {
    const registry = app().app.get<DataSource>(getDataSourceToken());
    const name = `sophie:${app().prefix}:pgbouncer-test`;
    const holder = await withAdvisoryLock(registry, name, () =>
      withAdmin('postgres', async (c) => {
        const rows = await c.query<{ pid: number; application_name: string }>(
          `SELECT l.pid, a.application_name FROM pg_locks l JOIN pg_stat_activity a USING (pid)
           WHERE l.locktype = 'advisory' AND l.objsubid = 1 AND ((l.classid::bigint << 32) | l.objid::bigint) = $1::bigint`,
          [advisoryKey(name)],
        );
        return rows.rows;
      }),
    );
    expect(holder.acquired && holder.result).toEqual([expect.objectContaining({ application_name: 'sophie-lock' })]);
    expect((await pooledPids()).has(holder.acquired ? holder.result[0].pid : -1)).toBe(false);
    // The queue worker's liveness lock lives on its own direct session too.
    const liveness = await withAdmin('postgres', async (c) => (await c.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = 'sophie-queue-liveness' AND datname = $1", [`${app().prefix}_registry`])).rows);
    expect(liveness).toHaveLength(1);
    expect((await pooledPids()).has(liveness[0].pid)).toBe(false);
  });

  it('runs migrate once at a time through the registry pool, and leaves no lock behind', async () => {
    const migrations = app().app.get(ClinicMigrationsService);
    const lockName = `sophie:${app().prefix}:migrate-all`;
    await withAdmin(`${app().prefix}_registry`, async (c) => {
      await c.query('SELECT pg_advisory_lock($1::bigint)', [advisoryKey(lockName)]);
      await expect(migrations.migrateAll({ concurrency: 2 })).rejects.toMatchObject({ code: TenancyErrorCode.MigrationInProgress });
    });
    const reports = await migrations.migrateAll({ concurrency: 2 });
    expect(reports.length).toBeGreaterThanOrEqual(2);
    expect(reports.every((r) => r.status === 'up-to-date')).toBe(true);
    const left = await withAdmin('postgres', async (c) => (await c.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = $1::bigint", [advisoryKey(lockName)])).rowCount);
    expect(left).toBe(0);
  });
});
