import { Client } from 'pg';
import { SecretBox, withDatabase } from '../libs/common/src';
import { PractitionersService } from '../libs/practitioners/src';
import { latestMigrationName, TenantContext, TenantPoolCache } from '../libs/tenancy/src';
import { TestApp } from './support/test-app';
import { adminUrl, withAdmin } from './support/test-env';

interface ClinicRow {
  database_name: string;
  database_role: string;
  database_password_encrypted: string;
}

describe('Clinic isolation', () => {
  let api: TestApp;
  let superToken: string;
  let clinicA: { id: string };
  let clinicB: { id: string };
  let adminA: { token: string; id: string };

  const registryDb = (): string => `${api.prefix}_registry`;
  const clinicRow = (id: string): Promise<ClinicRow> =>
    withAdmin(registryDb(), async (c) => (await c.query<ClinicRow>('SELECT database_name, database_role, database_password_encrypted FROM clinics WHERE id = $1', [id])).rows[0]);

  async function connectAs(row: ClinicRow, database: string): Promise<Client> {
    const box = new SecretBox(api.config.secretsKey);
    const url = new URL(withDatabase(adminUrl(), database));
    const client = new Client({ host: url.hostname, port: Number(url.port), user: row.database_role, password: box.decrypt(row.database_password_encrypted), database });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }

  beforeAll(async () => {
    api = await TestApp.start();
    superToken = await api.superadminToken();
    clinicA = await api.provisionClinic(superToken, { name: 'Clinique A' });
    clinicB = await api.provisionClinic(superToken, { name: 'Clinique B' });
    adminA = await api.createClinicAdmin(superToken, clinicA.id);
  });

  afterAll(async () => {
    await api.destroy();
  });

  it('serves a clinic admin their own clinic with figures from its own database', async () => {
    const res = await api.get<{ id: string; figures: { patients: number; schema_version: string } }>(`/api/clinics/${clinicA.id}`, adminA.token);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(clinicA.id);
    expect(res.body.figures.patients).toBe(0);
    expect(res.body.figures.schema_version).toBe(latestMigrationName());
  });

  it("refuses clinic A's admin on clinic B's routes with 403", async () => {
    const res = await api.get(`/api/clinics/${clinicB.id}`, adminA.token);
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ code: 'CLINIC_ACCESS_DENIED' });
  });

  it('keeps clinic B\'s data in clinic B\'s database only', async () => {
    const b = await clinicRow(clinicB.id);
    const a = await clinicRow(clinicA.id);
    await withAdmin(b.database_name, (c) => c.query("INSERT INTO patients (first_name, phone) VALUES ('Berthe', '+33611111111')"));
    const viaApiB = await api.get<{ figures: { patients: number } }>(`/api/clinics/${clinicB.id}`, superToken);
    const viaApiA = await api.get<{ figures: { patients: number } }>(`/api/clinics/${clinicA.id}`, superToken);
    expect(viaApiB.body.figures.patients).toBe(1);
    expect(viaApiA.body.figures.patients).toBe(0);
    const inA = await withAdmin(a.database_name, (c) => c.query("SELECT 1 FROM patients WHERE phone = '+33611111111'"));
    expect(inA.rowCount).toBe(0);
  });

  it('never mixes clinics up under concurrent requests', async () => {
    const b = await clinicRow(clinicB.id);
    await withAdmin(b.database_name, (c) => c.query("INSERT INTO practitioners (last_name) SELECT 'P' || g FROM generate_series(1, 7) g"));
    const requests = Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? clinicA.id : clinicB.id));
    const responses = await Promise.all(requests.map((id) => api.get<{ id: string; figures: { practitioners: number } }>(`/api/clinics/${id}`, superToken)));
    responses.forEach((res, i) => {
      expect(res.body.id).toBe(requests[i]);
      expect(res.body.figures.practitioners).toBe(requests[i] === clinicB.id ? 7 : 0);
    });
  });

  it('serves the same clinic services outside HTTP, inside TenantContext.runForClinic', async () => {
    const count = await api.app.get(TenantContext).runForClinic(clinicB.id, () => api.app.get(PractitionersService).count());
    expect(count).toBe(7);
    expect(api.app.get(TenantPoolCache).stats().leases).toBe(0);
  });

  it("lets clinic A's role into its own database only: PostgreSQL refuses it B's database and the registry", async () => {
    const a = await clinicRow(clinicA.id);
    const b = await clinicRow(clinicB.id);
    const own = await connectAs(a, a.database_name);
    expect((await own.query('SELECT count(*)::int AS n FROM patients')).rows[0]).toEqual({ n: 0 });
    await own.end();
    await expect(connectAs(a, b.database_name)).rejects.toMatchObject({ code: '42501' });
    await expect(connectAs(a, registryDb())).rejects.toMatchObject({ code: '42501' });
  });

  it('gives a clinic role rows, not schema: it cannot create tables or rewrite migration history', async () => {
    const a = await clinicRow(clinicA.id);
    const own = await connectAs(a, a.database_name);
    await expect(own.query('CREATE TABLE intruder (id int)')).rejects.toMatchObject({ code: '42501' });
    await expect(own.query('DELETE FROM clinic_migrations')).rejects.toMatchObject({ code: '42501' });
    await expect(own.query('DROP TABLE patients')).rejects.toMatchObject({ code: '42501' });
    await own.end();
  });

  it('keeps clinic admins out of superadmin routes', async () => {
    expect((await api.get('/api/superadmin/clinics', adminA.token)).status).toBe(403);
    expect((await api.post('/api/superadmin/clinics', { name: 'X', timezone: 'Europe/Paris' }, adminA.token)).status).toBe(403);
  });

  it('answers 401 without a token, and ignores a token in the query string', async () => {
    expect((await api.get(`/api/clinics/${clinicA.id}`)).status).toBe(401);
    expect((await api.get(`/api/clinics/${clinicA.id}?token=${adminA.token}`)).status).toBe(401);
  });

  it("stops a disabled user's token at once, and lets it work again when re-enabled", async () => {
    const admin = await api.createClinicAdmin(superToken, clinicA.id);
    expect((await api.get(`/api/clinics/${clinicA.id}`, admin.token)).status).toBe(200);
    expect((await api.patch(`/api/superadmin/clinics/${clinicA.id}/users/${admin.id}`, { disabled: true }, superToken)).status).toBe(200);
    expect((await api.get(`/api/clinics/${clinicA.id}`, admin.token)).status).toBe(401);
    expect((await api.post('/api/auth/login', { username: admin.username, password: admin.password })).status).toBe(401);
    await api.patch(`/api/superadmin/clinics/${clinicA.id}/users/${admin.id}`, { disabled: false }, superToken);
    expect((await api.get(`/api/clinics/${clinicA.id}`, admin.token)).status).toBe(200);
  });

  it('refuses a suspended clinic with a clear 403 and serves it again once reactivated', async () => {
    const clinic = await api.provisionClinic(superToken);
    const suspended = await api.patch<{ is_active: boolean; status: string }>(`/api/superadmin/clinics/${clinic.id}`, { is_active: false }, superToken);
    expect(suspended.body).toMatchObject({ is_active: false, status: 'suspended' });
    const refused = await api.get(`/api/clinics/${clinic.id}`, superToken);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'CLINIC_SUSPENDED' });
    await api.patch(`/api/superadmin/clinics/${clinic.id}`, { is_active: true }, superToken);
    expect((await api.get(`/api/clinics/${clinic.id}`, superToken)).status).toBe(200);
  });

  it('writes ids, never profile data, to the audit log', async () => {
    const rows = await withAdmin(registryDb(), (c) => c.query<Record<string, unknown>>('SELECT * FROM audit_log WHERE clinic_id = $1', [clinicA.id]));
    expect(rows.rows.map((r) => r.action)).toEqual(expect.arrayContaining(['clinic.provisioned', 'user.created']));
    expect(JSON.stringify(rows.rows)).not.toContain('Clinique A');
  });
});
