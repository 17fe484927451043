import { TestApp } from './support/test-app';
import { withAdmin } from './support/test-env';

interface Patient {
  id: string;
  first_name: string | null;
  last_name: string | null;
  phone: string;
  birth_date: string | null;
}

describe('Patients', () => {
  let api: TestApp;
  let clinic: { id: string };
  let admin: { token: string };
  let base: string;

  beforeAll(async () => {
    api = await TestApp.start();
    const superToken = await api.superadminToken();
    clinic = await api.provisionClinic(superToken);
    admin = await api.createClinicAdmin(superToken, clinic.id);
    base = `/api/clinics/${clinic.id}/patients`;
  });

  afterAll(async () => {
    await api.destroy();
  });

  it('creates a patient with the phone stored in E.164, read in the clinic\'s country', async () => {
    const res = await api.post<Patient>(base, { first_name: 'Marie', last_name: 'Dupont', phone: '06 12 34 56 78', birth_date: '1985-04-12', email: 'Marie@Example.org' }, admin.token);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ first_name: 'Marie', last_name: 'Dupont', phone: '+33612345678', birth_date: '1985-04-12' });
    const read = await api.get<Patient>(`${base}/${res.body.id}`, admin.token);
    expect(read.body).toMatchObject({ phone: '+33612345678', email: 'marie@example.org' });
  });

  it('refuses a second patient with the same phone, however it is written (409)', async () => {
    await api.post(base, { first_name: 'Jean', phone: '+33 6 98 76 54 32' }, admin.token);
    const again = await api.post(base, { first_name: 'Other', phone: '0698765432' }, admin.token);
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'PATIENT_PHONE_TAKEN' });
  });

  it('reads phone numbers in the country the clinic sets', async () => {
    const settings = await api.patch<{ settings: { default_phone_country: string } }>(`/api/clinics/${clinic.id}`, { settings: { default_phone_country: 'CH' } }, admin.token);
    expect(settings.body.settings.default_phone_country).toBe('CH');
    const res = await api.post<Patient>(base, { last_name: 'Muller', phone: '079 123 45 67' }, admin.token);
    expect(res.body.phone).toBe('+41791234567');
    await api.patch(`/api/clinics/${clinic.id}`, { settings: { default_phone_country: 'FR' } }, admin.token);
  });

  it('searches by name and by phone digits, a page at a time', async () => {
    for (let i = 0; i < 5; i += 1) await api.post(base, { first_name: `Paul${i}`, last_name: 'Martin', phone: `+3361100000${i}` }, admin.token);
    const byName = await api.get<{ items: Patient[]; total: number; limit: number; offset: number }>(`${base}?search=martin&limit=2&offset=1`, admin.token);
    expect(byName.status).toBe(200);
    expect(byName.body).toMatchObject({ total: 5, limit: 2, offset: 1 });
    expect(byName.body.items.map((p) => p.first_name)).toEqual(['Paul1', 'Paul2']);
    const byPhone = await api.get<{ items: Patient[] }>(`${base}?search=${encodeURIComponent('06 12 34')}`, admin.token);
    expect(byPhone.body.items.map((p) => p.last_name)).toEqual(['Dupont']);
    const wildcard = await api.get<{ total: number }>(`${base}?search=${encodeURIComponent('%')}`, admin.token);
    expect(wildcard.body.total).toBe(0);
  });

  it('updates a patient and keeps what the body leaves out', async () => {
    const created = await api.post<Patient>(base, { first_name: 'Lea', last_name: 'Roux', phone: '+33622222222' }, admin.token);
    const res = await api.patch<Patient>(`${base}/${created.body.id}`, { last_name: 'Roux-Petit' }, admin.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ first_name: 'Lea', last_name: 'Roux-Petit', phone: '+33622222222' });
  });

  it('audits reads and writes with ids only', async () => {
    const created = await api.post<Patient>(base, { first_name: 'Audit', last_name: 'Trail', phone: '+33633333333' }, admin.token);
    await api.get(`${base}/${created.body.id}`, admin.token);
    const rows = await withAdmin(`${api.prefix}_registry`, (c) =>
      c.query<Record<string, unknown>>('SELECT action, target_id, clinic_id FROM audit_log WHERE target_id = $1 ORDER BY id', [created.body.id]),
    );
    expect(rows.rows.map((r) => r.action)).toEqual(['patient.created', 'patient.read']);
    const all = await withAdmin(`${api.prefix}_registry`, (c) => c.query('SELECT * FROM audit_log'));
    expect(JSON.stringify(all.rows)).not.toMatch(/Trail|33633333333/);
  });

  it.each([
    ['an invalid phone', { phone: '123456' }, 'INVALID_PHONE'],
    ['a birth date in the future', { phone: '+33644444444', birth_date: '2999-01-01' }, 'INVALID_BIRTH_DATE'],
    ['a malformed birth date', { phone: '+33644444444', birth_date: '12/04/1985' }, 'VALIDATION_FAILED'],
    ['an impossible birth date', { phone: '+33644444444', birth_date: '1985-02-30' }, 'VALIDATION_FAILED'],
    ['a wrong type', { phone: 33612345678 }, 'VALIDATION_FAILED'],
    ['an unknown field', { phone: '+33644444444', guarantee_document_path: '../../etc/passwd' }, 'VALIDATION_FAILED'],
  ])('refuses %s with 400', async (_, body, code) => {
    const res = await api.post(base, body, admin.token);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code });
  });

  it('answers 404 for a patient that does not exist and 400 for a malformed id', async () => {
    expect((await api.get(`${base}/00000000-0000-4000-8000-000000000000`, admin.token)).status).toBe(404);
    expect((await api.get(`${base}/not-an-id`, admin.token)).status).toBe(400);
  });
});
