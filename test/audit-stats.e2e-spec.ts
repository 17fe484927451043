import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { ClinicAdmin, TestApp } from './support/test-app';
import { withAdmin } from './support/test-env';

interface AuditEntry {
  id: string;
  occurred_at: string;
  action: string;
  actor_user_id: string | null;
  actor_role: string | null;
  clinic_id: string | null;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  request_id: string | null;
}

interface AuditPage {
  items: AuditEntry[];
  total: number;
  limit: number;
  offset: number;
}

interface ClinicStats {
  clinic_id: string;
  clinic_name: string;
  patients: number | null;
  conversations: number | null;
  practitioners: number | null;
  available: boolean;
}

interface Stats {
  global: { total_clinics: number; total_patients: number; total_conversations: number; total_practitioners: number };
  by_clinic: ClinicStats[];
}

const ENTRY_FIELDS = ['action', 'actor_role', 'actor_user_id', 'clinic_id', 'id', 'ip', 'occurred_at', 'request_id', 'target_id', 'target_type'];

/** Five entries of clinic A at known instants, oldest first (inserted directly, so their times are exact). */
const FIXTURE_TIMES = ['2020-01-15T10:00:00Z', '2020-02-15T10:00:00Z', '2020-03-15T10:00:00Z', '2020-04-15T10:00:00Z', '2020-05-15T10:00:00Z'];

describe('Audit log and superadmin stats', () => {
  let api: TestApp;
  let superToken: string;
  let clinicA: { id: string; name: string };
  let clinicB: { id: string; name: string };
  let clinicC: { id: string; name: string };
  let adminA: ClinicAdmin;
  let adminB: ClinicAdmin;
  let adminC: ClinicAdmin;
  const patientsA: string[] = [];
  const patientsB: string[] = [];
  const fixtureIds: string[] = [];

  const registry = <T>(work: (c: Client) => Promise<T>): Promise<T> => withAdmin(`${api.prefix}_registry`, work);
  const databaseOf = (clinicId: string): Promise<string> =>
    registry(async (c) => (await c.query<{ database_name: string }>('SELECT database_name FROM clinics WHERE id = $1', [clinicId])).rows[0].database_name);
  const auditCount = (clinicId?: string): Promise<number> =>
    registry(async (c) =>
      clinicId
        ? (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE clinic_id = $1', [clinicId])).rows[0].n
        : (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log')).rows[0].n,
    );
  const clinicAudit = (clinicId: string, query: string, token: string) => api.get<AuditPage>(`/api/clinics/${clinicId}/audit${query}`, token);
  const allAudit = (query: string) => api.get<AuditPage>(`/api/superadmin/audit${query}`, superToken);
  const stats = () => api.get<Stats>('/api/superadmin/stats', superToken);
  const statsOf = (body: Stats, clinicId: string): ClinicStats | undefined => body.by_clinic.find((c) => c.clinic_id === clinicId);

  async function createPatient(clinicId: string, token: string, phone: string): Promise<string> {
    const res = await api.post<{ id: string }>(`/api/clinics/${clinicId}/patients`, { first_name: 'Test', last_name: 'Patient', phone }, token);
    if (res.status !== 201) throw new Error(`Creating a patient failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  }

  /** Inserted straight into the clinic database (the practitioners routes belong to another issue). */
  async function insertPractitioners(clinicId: string, count: number): Promise<void> {
    await withAdmin(await databaseOf(clinicId), async (c) => {
      for (let i = 0; i < count; i += 1) await c.query('INSERT INTO practitioners (first_name, last_name) VALUES ($1, $2)', [`Doc${i}`, 'Test']);
    });
  }

  beforeAll(async () => {
    api = await TestApp.start();
    superToken = await api.superadminToken();
    clinicA = await api.provisionClinic(superToken, { name: 'Audit Alpha' });
    clinicB = await api.provisionClinic(superToken, { name: 'Audit Beta' });
    clinicC = await api.provisionClinic(superToken, { name: 'Audit Gamma' });
    adminA = await api.createClinicAdmin(superToken, clinicA.id);
    adminB = await api.createClinicAdmin(superToken, clinicB.id);
    adminC = await api.createClinicAdmin(superToken, clinicC.id);

    for (let i = 0; i < 3; i += 1) patientsA.push(await createPatient(clinicA.id, adminA.token, `+3361200000${i}`));
    for (let i = 0; i < 2; i += 1) patientsB.push(await createPatient(clinicB.id, adminB.token, `+3361300000${i}`));
    await insertPractitioners(clinicA.id, 2);
    await insertPractitioners(clinicB.id, 1);
    // patient.read, patient.updated and patients.listed entries in clinic A.
    expect((await api.get(`/api/clinics/${clinicA.id}/patients/${patientsA[0]}`, adminA.token)).status).toBe(200);
    expect((await api.patch(`/api/clinics/${clinicA.id}/patients/${patientsA[0]}`, { first_name: 'Changed' }, adminA.token)).status).toBe(200);
    expect((await api.get(`/api/clinics/${clinicA.id}/patients`, adminA.token)).status).toBe(200);
    // Clinic C is suspended: listed by the stats, refused to its own admin.
    expect((await api.patch(`/api/superadmin/clinics/${clinicC.id}`, { is_active: false }, superToken)).status).toBe(200);

    await registry(async (c) => {
      for (const at of FIXTURE_TIMES) {
        const id = randomUUID();
        fixtureIds.push(id);
        await c.query(`INSERT INTO audit_log (occurred_at, clinic_id, action, target_type, target_id) VALUES ($1, $2, 'fixture.made', 'fixture', $3)`, [at, clinicA.id, id]);
      }
      await c.query(`INSERT INTO audit_log (occurred_at, clinic_id, action, target_type, target_id) VALUES ('2020-03-01T00:00:00Z', $1, 'fixture.made', 'fixture', $2)`, [clinicB.id, randomUUID()]);
      await c.query(`INSERT INTO audit_log (occurred_at, clinic_id, action, target_type, target_id) VALUES ('2020-03-01T00:00:00Z', NULL, 'fixture.registry', 'fixture', $1)`, [randomUUID()]);
    });
  });

  afterAll(async () => {
    await api?.destroy();
  });

  describe('GET /api/clinics/:clinicId/audit', () => {
    it("gives a clinic admin all of their clinic's entries, newest first, and none of another clinic's", async () => {
      const res = await clinicAudit(clinicA.id, '?limit=200', adminA.token);
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(await auditCount(clinicA.id));
      expect(res.body.items).toHaveLength(res.body.total);
      expect(new Set(res.body.items.map((e) => e.clinic_id))).toEqual(new Set([clinicA.id]));
      expect(Object.keys(res.body.items[0]).sort()).toEqual(ENTRY_FIELDS);
      const targets = new Set(res.body.items.map((e) => e.target_id));
      for (const id of patientsA) expect(targets.has(id)).toBe(true);
      for (const id of patientsB) expect(targets.has(id)).toBe(false);
      const times = res.body.items.map((e) => Date.parse(e.occurred_at));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      const created = res.body.items.find((e) => e.action === 'patient.created');
      expect(created).toMatchObject({ actor_user_id: adminA.id, actor_role: 'ADMIN', target_type: 'patient', request_id: expect.any(String) });
    });

    it("refuses clinic B's admin on clinic A's log (403) and a clinic admin on the superadmin log", async () => {
      const res = await clinicAudit(clinicA.id, '', adminB.token);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ code: 'CLINIC_ACCESS_DENIED' });
      expect((await api.get('/api/superadmin/audit', adminA.token)).status).toBe(403);
    });

    it('filters by exact action and by a prefix, taking % and _ literally', async () => {
      const exact = await clinicAudit(clinicA.id, '?action=patient.created', adminA.token);
      expect(exact.body.total).toBe(3);
      expect(new Set(exact.body.items.map((e) => e.target_id))).toEqual(new Set(patientsA));

      const prefix = await clinicAudit(clinicA.id, `?action=${encodeURIComponent('patient.*')}`, adminA.token);
      expect(prefix.status).toBe(200);
      expect(new Set(prefix.body.items.map((e) => e.action))).toEqual(new Set(['patient.created', 'patient.read', 'patient.updated']));
      expect(prefix.body.total).toBe(5);

      // Unescaped, `patient_%` and `%%` would match patient.created and everything.
      for (const pattern of ['patient_*', '%*', 'patient_created']) {
        const none = await clinicAudit(clinicA.id, `?action=${encodeURIComponent(pattern)}`, adminA.token);
        expect({ pattern, status: none.status, total: none.body.total }).toEqual({ pattern, status: 200, total: 0 });
      }
      const all = await clinicAudit(clinicA.id, `?action=${encodeURIComponent('*')}`, adminA.token);
      expect(all.body.total).toBe(await auditCount(clinicA.id));
    });

    it('filters by target id and target type', async () => {
      const byTarget = await clinicAudit(clinicA.id, `?target_id=${patientsA[0].toUpperCase()}`, adminA.token);
      expect(byTarget.status).toBe(200);
      expect(byTarget.body.items.map((e) => e.action)).toEqual(['patient.updated', 'patient.read', 'patient.created']);

      const byType = await clinicAudit(clinicA.id, '?target_type=patient', adminA.token);
      expect(byType.body.total).toBe(5);
      expect(byType.body.items.every((e) => e.target_type === 'patient')).toBe(true);

      // Clinic B's patient, asked for on clinic A's log: nothing.
      expect((await clinicAudit(clinicA.id, `?target_id=${patientsB[0]}`, adminA.token)).body.total).toBe(0);
    });

    it('pages with a right total, and bounds by time with both ends included', async () => {
      const page = await clinicAudit(clinicA.id, '?target_type=fixture&limit=2&offset=1', adminA.token);
      expect(page.body).toMatchObject({ total: 5, limit: 2, offset: 1 });
      expect(page.body.items.map((e) => e.target_id)).toEqual([fixtureIds[3], fixtureIds[2]]);

      const window = await clinicAudit(clinicA.id, `?target_type=fixture&from=${encodeURIComponent('2020-03-15T10:00:00Z')}&to=${encodeURIComponent('2020-04-15T12:00:00+02:00')}`, adminA.token);
      expect(window.status).toBe(200);
      expect(window.body.items.map((e) => e.target_id)).toEqual([fixtureIds[3], fixtureIds[2]]);

      const since = await clinicAudit(clinicA.id, '?target_type=fixture&from=2020-02-01', adminA.token);
      expect(since.body.total).toBe(4);
      const until = await clinicAudit(clinicA.id, '?target_type=fixture&to=2020-02-01', adminA.token);
      expect(until.body.items.map((e) => e.target_id)).toEqual([fixtureIds[0]]);
    });

    it("lets a superadmin read any clinic's log, answers 404 for an unknown clinic, and refuses a suspended clinic's own admin", async () => {
      const bySuper = await clinicAudit(clinicA.id, '', superToken);
      expect(bySuper.status).toBe(200);
      expect(bySuper.body.total).toBe(await auditCount(clinicA.id));

      const unknown = await clinicAudit(randomUUID(), '', superToken);
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ code: 'CLINIC_NOT_FOUND' });

      const suspended = await clinicAudit(clinicC.id, '', adminC.token);
      expect(suspended.status).toBe(403);
      expect(suspended.body).toMatchObject({ code: 'CLINIC_SUSPENDED' });
      const suspendedBySuper = await clinicAudit(clinicC.id, '?action=clinic.suspended', superToken);
      expect(suspendedBySuper.status).toBe(200);
      expect(suspendedBySuper.body.total).toBe(1);
    });
  });

  describe('GET /api/superadmin/audit', () => {
    it('gives the superadmin every clinic and the registry-level entries, with the same filters plus clinic_id', async () => {
      const all = await allAudit('?limit=1');
      expect(all.status).toBe(200);
      expect(all.body.total).toBe(await auditCount());

      const fixtures = await allAudit('?target_type=fixture');
      expect(fixtures.body.total).toBe(7);
      expect(new Set(fixtures.body.items.map((e) => e.clinic_id))).toEqual(new Set([clinicA.id, clinicB.id, null]));

      const ofB = await allAudit(`?target_type=fixture&clinic_id=${clinicB.id}`);
      expect(ofB.body.total).toBe(1);
      expect(ofB.body.items[0].clinic_id).toBe(clinicB.id);

      const logins = await allAudit('?action=auth.*');
      expect(logins.body.items.some((e) => e.action === 'auth.login' && e.clinic_id === null)).toBe(true);

      const prefix = await allAudit(`?action=${encodeURIComponent('fixture.*')}&from=2020-01-01&to=2020-03-01T00:00:00Z`);
      expect(prefix.body.items.map((e) => e.action).sort()).toEqual(['fixture.made', 'fixture.made', 'fixture.made', 'fixture.registry']);
    });

    it('does not audit reading the audit log', async () => {
      const before = await auditCount();
      expect((await clinicAudit(clinicA.id, '', adminA.token)).status).toBe(200);
      expect((await allAudit('')).status).toBe(200);
      expect(await auditCount()).toBe(before);
    });
  });

  describe('bad audit queries', () => {
    const cases: Array<[string, string]> = [
      ['a limit that is not a number', 'limit=abc'],
      ['a limit too large', 'limit=1000'],
      ['a negative offset', 'offset=-1'],
      ['a target id that is not a uuid', 'target_id=not-a-uuid'],
      ['an unknown field', 'actor=someone'],
      ['from after to', 'from=2020-05-01T00:00:00Z&to=2020-04-01T00:00:00Z'],
      ['a date-time without a time zone', 'from=2020-05-01T10:00:00'],
      ['an impossible date', 'from=2020-02-30'],
      ['a word for a date', 'to=yesterday'],
      ['a star inside an action', 'action=pat*ent'],
      ['an action given twice', 'action=a&action=b'],
      ['a target type too long', `target_type=${'x'.repeat(65)}`],
    ];

    it.each(cases)('answers 400 in the error shape for %s (clinic route)', async (_, query) => {
      const res = await clinicAudit(clinicA.id, `?${query}`, adminA.token);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'VALIDATION_FAILED', requestId: expect.any(String) });
    });

    it.each([...cases, ['a clinic id that is not a uuid', 'clinic_id=nope'] as [string, string]])('answers 400 in the error shape for %s (superadmin route)', async (_, query) => {
      const res = await allAudit(`?${query}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'VALIDATION_FAILED' });
    });
  });

  describe('GET /api/superadmin/stats', () => {
    it("counts each clinic's patients and practitioners, lists the suspended clinic as unavailable, and sums the totals", async () => {
      const res = await stats();
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['by_clinic', 'global']);
      expect(res.body.global).toEqual({ total_clinics: 3, total_patients: 5, total_conversations: 0, total_practitioners: 3 });
      expect(res.body.by_clinic).toEqual([
        { clinic_id: clinicA.id, clinic_name: 'Audit Alpha', patients: 3, conversations: 0, practitioners: 2, available: true },
        { clinic_id: clinicB.id, clinic_name: 'Audit Beta', patients: 2, conversations: 0, practitioners: 1, available: true },
        { clinic_id: clinicC.id, clinic_name: 'Audit Gamma', patients: null, conversations: null, practitioners: null, available: false },
      ]);
    });

    it('is for the superadmin only', async () => {
      const res = await api.get('/api/superadmin/stats', adminA.token);
      expect(res.status).toBe(403);
      expect((await api.get('/api/superadmin/stats')).status).toBe(401);
    });

    it('answers 200 with an unreachable clinic listed as unavailable, the others counted, and counts it again once it is back', async () => {
      const database = await databaseOf(clinicB.id);
      await withAdmin('postgres', async (c) => {
        await c.query(`ALTER DATABASE ${c.escapeIdentifier(database)} WITH ALLOW_CONNECTIONS false`);
        await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);
      });
      try {
        const res = await stats();
        expect(res.status).toBe(200);
        expect(statsOf(res.body, clinicB.id)).toEqual({ clinic_id: clinicB.id, clinic_name: 'Audit Beta', patients: null, conversations: null, practitioners: null, available: false });
        expect(statsOf(res.body, clinicA.id)).toMatchObject({ patients: 3, practitioners: 2, conversations: 0, available: true });
        expect(res.body.global).toEqual({ total_clinics: 3, total_patients: 3, total_conversations: 0, total_practitioners: 2 });
      } finally {
        await withAdmin('postgres', (c) => c.query(`ALTER DATABASE ${c.escapeIdentifier(database)} WITH ALLOW_CONNECTIONS true`));
      }
      const back = await stats();
      expect(statsOf(back.body, clinicB.id)).toMatchObject({ patients: 2, practitioners: 1, available: true });
      expect(back.body.global.total_patients).toBe(5);
    });

    it('does not wait for a clinic that hangs beyond the per-clinic timeout', async () => {
      const database = await databaseOf(clinicB.id);
      await withAdmin(database, async (c) => {
        await c.query('BEGIN');
        await c.query('LOCK TABLE patients IN ACCESS EXCLUSIVE MODE');
        try {
          const started = Date.now();
          const res = await stats();
          // Without the per-clinic timeout the count would wait for the clinic pool's 15 s statement timeout.
          expect(Date.now() - started).toBeLessThan(9_000);
          expect(res.status).toBe(200);
          expect(statsOf(res.body, clinicB.id)).toMatchObject({ available: false, patients: null });
          expect(statsOf(res.body, clinicA.id)).toMatchObject({ patients: 3, available: true });
        } finally {
          await c.query('ROLLBACK');
        }
      });
      expect(statsOf((await stats()).body, clinicB.id)).toMatchObject({ patients: 2, available: true });
    });
  });

  it('documents both routes and their fields in the OpenAPI document', async () => {
    const doc = (await api.get<{ paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, { properties: Record<string, unknown> }> } }>('/api/docs-json')).body;
    expect(doc.paths['/api/clinics/{clinicId}/audit']?.get).toBeDefined();
    expect(doc.paths['/api/superadmin/audit']?.get).toBeDefined();
    expect(doc.paths['/api/superadmin/stats']?.get).toBeDefined();
    const schemas = doc.components.schemas;
    expect(Object.keys(schemas.AuditEntryDto.properties).sort()).toEqual(ENTRY_FIELDS);
    expect(Object.keys(schemas.AuditPageDto.properties).sort()).toEqual(['items', 'limit', 'offset', 'total']);
    expect(Object.keys(schemas.SuperadminStatsDto.properties).sort()).toEqual(['by_clinic', 'global']);
    expect(Object.keys(schemas.GlobalStatsDto.properties).sort()).toEqual(['total_clinics', 'total_conversations', 'total_patients', 'total_practitioners']);
    expect(Object.keys(schemas.ClinicStatsDto.properties).sort()).toEqual(['available', 'clinic_id', 'clinic_name', 'conversations', 'patients', 'practitioners']);
  });
});
