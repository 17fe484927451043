import { ClinicTemplateService, latestMigrationName, ProvisioningService } from '../libs/tenancy/src';
import { DatabaseServersService } from '../libs/registry/src';
import { TestApp } from './support/test-app';
import { withAdmin } from './support/test-env';

const PROFILE = {
  name: 'Clinique Dentaire du Centre',
  timezone: 'Europe/Paris',
  phone: '+33 1 23 45 67 89',
  address: '123 Avenue de la République, 75011 Paris',
  email: 'contact@clinique-centre.fr',
  website: 'https://clinique-centre.fr',
  opening_hours: 'Lundi-Vendredi: 9h-18h, Samedi: 9h-13h',
  emergency_message: 'Pour les urgences, appelez le 15.',
  default_language: 'fr',
};

describe('Clinic provisioning', () => {
  let api: TestApp;
  let superToken: string;

  const names = (like: string) =>
    withAdmin('postgres', async (c) => ({
      databases: (await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1 ORDER BY 1', [like])).rows.map((r) => r.datname),
      roles: (await c.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname LIKE $1 ORDER BY 1', [like])).rows.map((r) => r.rolname),
    }));

  beforeAll(async () => {
    api = await TestApp.start();
    superToken = await api.superadminToken();
  });

  afterAll(async () => {
    await api.destroy();
  });

  it("creates the seed's clinic with its own database and role, closed to PUBLIC", async () => {
    const res = await api.post<Record<string, unknown>>('/api/superadmin/clinics', PROFILE, superToken);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: PROFILE.name, timezone: 'Europe/Paris', is_active: true, emergency_message: PROFILE.emergency_message });
    expect(res.body.created_at).toEqual(expect.any(String));
    expect(JSON.stringify(res.body)).not.toMatch(/password|database_role/);
    const database = `${api.prefix}_clinic_${String(res.body.id).replace(/-/g, '')}`;
    const acl = await withAdmin('postgres', async (c) =>
      (await c.query<{ public_connect: boolean; role_connect: boolean }>(
        `SELECT has_database_privilege('public', datname, 'CONNECT') AS public_connect,
                has_database_privilege($2, datname, 'CONNECT') AS role_connect
           FROM pg_database WHERE datname = $1`,
        [database, database],
      )).rows[0],
    );
    expect(acl).toEqual({ public_connect: false, role_connect: true });
    const listed = await api.get<{ items: Array<{ id: string }>; total: number }>('/api/superadmin/clinics', superToken);
    expect(listed.body.items.map((c) => c.id)).toContain(res.body.id);
  });

  it('provisions several clinics at once, each with its own database', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => api.post<{ id: string }>('/api/superadmin/clinics', { name: `Parallel ${i}`, timezone: 'Europe/Paris' }, superToken)));
    expect(results.map((r) => r.status)).toEqual(Array(5).fill(201));
    for (const { body } of results) {
      expect((await api.get(`/api/clinics/${body.id}`, superToken)).status).toBe(200);
    }
    const created = await names(`${api.prefix}\\_clinic\\_%`);
    for (const { body } of results) expect(created.databases).toContain(`${api.prefix}_clinic_${body.id.replace(/-/g, '')}`);
  });

  it('copies new clinic databases from a current template', async () => {
    const servers = api.app.get(DatabaseServersService);
    const primary = await servers.pickForNewClinic();
    await api.app.get(ClinicTemplateService).refresh(await servers.credentials(primary!.id));
    const outcome = await api.app.get(ProvisioningService).provision({ ...PROFILE, name: 'From template', defaultLanguage: 'fr', phone: null, address: null, email: null, website: null, openingHours: null, emergencyMessage: null, onboardingFormUrl: null });
    expect(outcome.fromTemplate).toBe(true);
    expect(outcome.clinic.schemaVersion).toBe(latestMigrationName());
    const res = await api.get<{ figures: { schema_version: string } }>(`/api/clinics/${outcome.clinic.id}`, superToken);
    expect(res.status).toBe(200);
    expect(res.body.figures.schema_version).toBe(outcome.clinic.schemaVersion);
  });

  it('leaves no active clinic, database or role behind when provisioning fails part-way', async () => {
    const servers = api.app.get(DatabaseServersService);
    const primary = await servers.pickForNewClinic();
    await api.app.get(ClinicTemplateService).refresh(await servers.credentials(primary!.id));
    // Break the template so that the copy succeeds but granting the clinic role fails afterwards.
    await withAdmin(`${api.prefix}_clinic_template`, (c) => c.query('DROP TABLE clinic_migrations'));
    const before = await names(`${api.prefix}\\_clinic\\_%`);
    const clinicsBefore = await withAdmin(`${api.prefix}_registry`, async (c) => (await c.query('SELECT id FROM clinics')).rowCount);
    try {
      const res = await api.post('/api/superadmin/clinics', { name: 'Doomed', timezone: 'Europe/Paris' }, superToken);
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ code: 'PROVISIONING_FAILED' });
      expect(await names(`${api.prefix}\\_clinic\\_%`)).toEqual(before);
      expect(await withAdmin(`${api.prefix}_registry`, async (c) => (await c.query('SELECT id FROM clinics')).rowCount)).toBe(clinicsBefore);
    } finally {
      await withAdmin('postgres', (c) => c.query(`DROP DATABASE ${c.escapeIdentifier(`${api.prefix}_clinic_template`)} WITH (FORCE)`));
    }
    // Without a current template, provisioning creates and migrates the database instead.
    expect((await api.post('/api/superadmin/clinics', { name: 'Fine', timezone: 'Europe/Paris' }, superToken)).status).toBe(201);
  });

  it('updates a profile field by PATCH and keeps the others', async () => {
    const clinic = await api.provisionClinic(superToken, PROFILE);
    const res = await api.patch<Record<string, unknown>>(`/api/superadmin/clinics/${clinic.id}`, { opening_hours: 'Lundi-Samedi: 8h-20h' }, superToken);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ opening_hours: 'Lundi-Samedi: 8h-20h', name: PROFILE.name, email: PROFILE.email });
  });

  describe('bad input gets a clear 4xx in the one error shape', () => {
    const shape = { statusCode: expect.any(Number), error: expect.any(String), code: expect.any(String), message: expect.any(String), requestId: expect.any(String) };

    it.each([
      ['an unknown time zone', { name: 'X', timezone: 'Europe/Lyon' }, /timezone/],
      ['a malformed e-mail', { name: 'X', timezone: 'Europe/Paris', email: 'not-an-email' }, /email/],
      ['a website without http(s)', { name: 'X', timezone: 'Europe/Paris', website: 'javascript:alert(1)' }, /website/],
      ['an unknown language code', { name: 'X', timezone: 'Europe/Paris', default_language: 'xx' }, /default_language/],
      ['a missing name', { timezone: 'Europe/Paris' }, /name/],
      ['a wrong type', { name: 42, timezone: 'Europe/Paris' }, /name/],
      ['an unknown field', { name: 'X', timezone: 'Europe/Paris', clinic_id: 'x' }, /clinic_id should not exist/],
    ])('refuses %s with 400', async (_, body, detail) => {
      const res = await api.post<{ details: string[] }>('/api/superadmin/clinics', body, superToken);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ ...shape, code: 'VALIDATION_FAILED' });
      expect(res.body.details.join(' ')).toMatch(detail);
    });

    it('refuses malformed JSON with 400', async () => {
      const res = await api.request('POST', '/api/superadmin/clinics', { token: superToken, raw: '{"name": "X", ' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ ...shape, code: 'MALFORMED_JSON' });
    });

    it('refuses a body that is not an object with 400', async () => {
      const res = await api.request('POST', '/api/superadmin/clinics', { token: superToken, raw: '[1, 2, 3]' });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject(shape);
    });

    it('refuses an oversized body with 413', async () => {
      const res = await api.request('POST', '/api/superadmin/clinics', { token: superToken, raw: JSON.stringify({ name: 'X', timezone: 'Europe/Paris', address: 'a'.repeat(2_000_000) }) });
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({ ...shape, code: 'PAYLOAD_TOO_LARGE' });
    });

    it('refuses a clinic id that is not a UUID with 400', async () => {
      for (const path of ['/api/clinics/not-a-uuid', "/api/clinics/1'%20OR%201=1", '/api/superadmin/clinics/..%2f..%2fetc']) {
        const res = await api.get(path, superToken);
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(res.body).toMatchObject(shape);
      }
    });

    it('refuses a weak clinic admin password with 400 and a taken username with 409', async () => {
      const clinic = await api.provisionClinic(superToken);
      const weak = await api.post(`/api/superadmin/clinics/${clinic.id}/users`, { username: 'weakling', password: 'password' }, superToken);
      expect(weak.status).toBe(400);
      expect(weak.body).toMatchObject({ code: 'WEAK_PASSWORD' });
      const admin = await api.createClinicAdmin(superToken, clinic.id);
      const taken = await api.post(`/api/superadmin/clinics/${clinic.id}/users`, { username: admin.username.toUpperCase(), password: 'Another-Strong-Pass-7' }, superToken);
      expect(taken.status).toBe(409);
    });

    it('answers an unknown route with 404 in the same shape', async () => {
      const res = await api.get('/api/nothing-here', superToken);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject(shape);
    });
  });
});
