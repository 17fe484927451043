import { isDeepStrictEqual } from 'node:util';
import { mapWithConcurrency } from '@sophie/tenancy';
import { withAdmin } from './environment';
import { patientRowsSql, practitionerRowsSql, singleDatabaseName } from './single-db';

/** A tiny HTTP client for the running API (setup and checks only; the load goes through autocannon). */
export class Api {
  constructor(readonly baseUrl: string) {}

  async call<T>(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  async login(username: string, password: string): Promise<string> {
    const res = await this.call<{ accessToken: string }>('POST', '/api/auth/login', undefined, { username, password });
    if (res.status !== 200) throw new Error(`Login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken;
  }
}

export interface BenchClinic {
  id: string;
  databaseName: string;
}

/** Provisions clinics through the real path: POST /api/superadmin/clinics (role, database, grants, registry). */
export async function provisionClinics(api: Api, token: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await api.call<{ id: string }>('POST', '/api/superadmin/clinics', token, {
      name: `Bench clinic ${String(i + 1).padStart(2, '0')}`,
      timezone: 'Europe/Paris',
      phone: '+33100000000',
      address: `${i + 1} rue de la Paix, Paris`,
      email: `clinic${i + 1}@example.test`,
    });
    if (res.status !== 201) throw new Error(`Provisioning clinic ${i + 1} failed: ${res.status} ${JSON.stringify(res.body)}`);
    ids.push(res.body.id);
  }
  return ids;
}

/** Each clinic's database name, as the registry records it. */
export async function clinicDatabases(adminUrl: string, prefix: string, ids: string[]): Promise<BenchClinic[]> {
  const rows = await withAdmin(adminUrl, `${prefix}_registry`, async (c) =>
    (await c.query<{ id: string; database_name: string }>('SELECT id, database_name FROM clinics WHERE id = ANY($1::uuid[])', [ids])).rows,
  );
  const byId = new Map(rows.map((row) => [row.id, row.database_name]));
  return ids.map((id) => {
    const databaseName = byId.get(id);
    if (!databaseName) throw new Error(`Clinic ${id} is missing from the registry`);
    return { id, databaseName };
  });
}

/**
 * Inserts the same rows into each clinic's own database and, with its clinic_id, into the single
 * database; copies the clinic schema version into the single database; then VACUUM ANALYZE all.
 */
export async function seed(adminUrl: string, prefix: string, clinics: BenchClinic[], sizes: { patients: number; practitioners: number }): Promise<void> {
  await mapWithConcurrency(clinics, 4, async (clinic) => {
    await withAdmin(adminUrl, clinic.databaseName, async (c) => {
      await c.query(patientRowsSql(false, sizes.patients), [clinic.id]);
      await c.query(practitionerRowsSql(false, sizes.practitioners), [clinic.id]);
      await c.query('VACUUM ANALYZE patients');
      await c.query('VACUUM ANALYZE practitioners');
    });
  });
  const version = await withAdmin(adminUrl, clinics[0].databaseName, async (c) =>
    (await c.query<{ timestamp: string; name: string }>('SELECT timestamp, name FROM clinic_migrations ORDER BY timestamp, id')).rows,
  );
  await withAdmin(adminUrl, singleDatabaseName(prefix), async (c) => {
    for (const clinic of clinics) {
      await c.query(patientRowsSql(true, sizes.patients), [clinic.id]);
      await c.query(practitionerRowsSql(true, sizes.practitioners), [clinic.id]);
      await c.query('INSERT INTO clinic_settings (clinic_id) VALUES ($1)', [clinic.id]);
    }
    for (const row of version) await c.query('INSERT INTO clinic_migrations (timestamp, name) VALUES ($1, $2)', [row.timestamp, row.name]);
    await c.query('VACUUM ANALYZE patients');
    await c.query('VACUUM ANALYZE practitioners');
    await c.query('VACUUM ANALYZE clinic_migrations');
    await c.query('VACUUM ANALYZE clinic_settings');
  });
}

export interface Variant {
  name: string;
  description: string;
  path: (clinicId: string) => string;
}

/** The routed read the issue names (a page of the clinic's patients) and its baseline. */
export const LIST_QUERY = '?limit=20&offset=40';

export const VARIANTS: Variant[] = [
  { name: 'fixed', description: 'one DataSource, clinic_id column (singleton controller, same guards, query, audit and body)', path: (id) => `/bench/single/clinics/${id}/patients${LIST_QUERY}` },
  { name: 'routed', description: 'GET /api/clinics/:clinicId/patients (TenantConnectionProvider: the clinic\'s own database)', path: (id) => `/api/clinics/${id}/patients${LIST_QUERY}` },
];

interface PatientsPage {
  items: Array<{ id: string }>;
  total: number;
}

/**
 * Checks that both variants answer every clinic with the same body and the seeded rows: they do the
 * same work, only where the rows live differs. Also opens every clinic pool.
 */
export async function verifyEquivalence(api: Api, token: string, ids: string[], sizes: { patients: number }): Promise<void> {
  for (const id of ids) {
    const bodies: PatientsPage[] = [];
    for (const variant of VARIANTS) {
      const res = await api.call<PatientsPage>('GET', variant.path(id), token);
      if (res.status !== 200) throw new Error(`${variant.name} ${variant.path(id)} answered ${res.status} ${JSON.stringify(res.body)}`);
      bodies.push(res.body);
    }
    const [first, second] = bodies;
    if (first.total !== sizes.patients || first.items.length === 0) throw new Error(`Unexpected page for clinic ${id}: total ${first.total}`);
    if (!isDeepStrictEqual(first, second)) throw new Error(`fixed and routed differ for clinic ${id}:\n${JSON.stringify(first)}\n${JSON.stringify(second)}`);
  }
}
