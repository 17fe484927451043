import { randomUUID } from 'node:crypto';
import type { ApiResponse, ClinicAdmin } from '../support/test-app';
import { TestApp } from '../support/test-app';

/**
 * Attack suite: every route of the OpenAPI document × every role. Each answer has the expected status class (never a
 * 5xx), refusals come in the API's one error shape, and nothing clinic B's admin is ever answered contains a byte of
 * clinic A (its ids, its name, its patient's and practitioner's names and phone).
 */

interface OpenApiParameter {
  name: string;
  in: string;
}

interface OpenApi {
  paths: Record<string, Record<string, { parameters?: OpenApiParameter[] }>>;
}

interface Route {
  method: string;
  path: string;
  queryNames: string[];
}

type Kind = 'public' | 'superadmin' | 'clinic' | 'authenticated';

/** Routes anyone may call (as in test/route-guards.e2e-spec.ts), and the operational probes being added beside them. */
const PUBLIC = new Set(['POST /api/auth/login', 'GET /health', 'GET /ready', 'GET /metrics', 'GET /webhook/whatsapp/{clinicId}', 'POST /webhook/whatsapp/{clinicId}', 'GET /oauth/callback']);

const kindOf = (route: Route): Kind => {
  if (PUBLIC.has(`${route.method} ${route.path}`)) return 'public';
  if (route.path.startsWith('/api/superadmin')) return 'superadmin';
  if (route.path.includes('{clinicId}')) return 'clinic';
  return 'authenticated';
};

const label = (route: Route): string => `${route.method} ${route.path}`;

describe('Attack suite: every route × every role', () => {
  let api: TestApp;
  let routes: Route[];
  let superToken: string;
  let clinicA: { id: string; name: string };
  let clinicB: { id: string; name: string };
  let adminA: ClinicAdmin;
  let adminB: ClinicAdmin;
  let disabled: ClinicAdmin;
  const a: Record<string, string> = {};
  /** Every string of clinic A's that must never reach clinic B. */
  let secretsOfA: string[];

  beforeAll(async () => {
    api = await TestApp.start();
    superToken = await api.superadminToken();
    clinicA = await api.provisionClinic(superToken, { name: 'Clinique Zanzibar-Quetzal', email: 'contact@zanzibar-quetzal.example' });
    clinicB = await api.provisionClinic(superToken, { name: 'Clinique Ordinaire' });
    adminA = await api.createClinicAdmin(superToken, clinicA.id);
    adminB = await api.createClinicAdmin(superToken, clinicB.id);
    disabled = await api.createClinicAdmin(superToken, clinicA.id);
    expect((await api.patch(`/api/superadmin/clinics/${clinicA.id}/users/${disabled.id}`, { disabled: true }, superToken)).status).toBe(200);

    const patient = await api.post<{ id: string; phone: string }>(`/api/clinics/${clinicA.id}/patients`, { first_name: 'Xanthippe', last_name: 'Quibblewick', phone: '06 71 82 93 04' }, adminA.token);
    expect(patient.status).toBe(201);
    const practitioner = await api.post<{ id: string }>(`/api/clinics/${clinicA.id}/practitioners`, { first_name: 'Zebulon', last_name: 'Vorkapich', specialty: 'Orthodontiste' }, adminA.token);
    expect(practitioner.status).toBe(201);
    const treatment = await api.post<{ id: string }>(`/api/clinics/${clinicA.id}/treatments`, { name: { fr: 'Polissage Quasarique', en: 'Quasaric polish' }, duration_minutes: 30 }, adminA.token);
    expect(treatment.status).toBe(201);
    Object.assign(a, { patientId: patient.body.id, practitionerId: practitioner.body.id, treatmentId: treatment.body.id, userId: adminA.id });
    secretsOfA = [
      clinicA.id,
      clinicA.id.replace(/-/g, ''),
      'Zanzibar',
      'zanzibar-quetzal',
      patient.body.id,
      'Xanthippe',
      'Quibblewick',
      patient.body.phone,
      patient.body.phone.replace('+', ''),
      '671829304',
      practitioner.body.id,
      'Zebulon',
      'Vorkapich',
      treatment.body.id,
      'Quasari',
      adminA.id,
      adminA.username,
      disabled.id,
      disabled.username,
    ];

    const doc = (await api.get<OpenApi>('/api/docs-json')).body;
    routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, queryNames: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name) })),
    );
  });

  afterAll(async () => {
    await api.destroy();
  });

  /** The route with `clinicId` and random ids: what the guards must decide on before any data is read. */
  const concrete = (path: string, clinicId: string): string => path.replace('{clinicId}', clinicId).replace(/\{[^}]+\}/g, () => randomUUID());

  /** The route with clinic A's real object ids in every parameter: what an id-guessing clinic B would try. */
  const withIdsOfA = (route: Route, clinicId: string): string => {
    const path = route.path.replace('{clinicId}', clinicId).replace(/\{([^}]+)\}/g, (_m, name: string) => a[name] ?? a.patientId);
    const query = route.queryNames.map((name) => `${encodeURIComponent(name)}=${encodeURIComponent(/id$/i.test(name) ? (a[name] ?? a.patientId) : 'Xanthippe')}`);
    return query.length > 0 ? `${path}?${query.join('&')}` : path;
  };

  const bodyWithIdsOfA = (): Record<string, unknown> => ({ patient_id: a.patientId, practitioner_id: a.practitionerId, treatment_id: a.treatmentId, user_id: a.userId, clinic_id: clinicA.id });

  const send = (method: string, path: string, token: string | undefined, body?: unknown): Promise<ApiResponse<unknown>> =>
    api.request<unknown>(method, path, { token, body: method === 'GET' ? undefined : (body ?? {}), redirect: 'manual' });

  function expectErrorShape(res: ApiResponse<unknown>, where: string): void {
    expect({ where, body: res.body }).toEqual({
      where,
      body: expect.objectContaining({ statusCode: res.status, error: expect.any(String), code: expect.any(String), message: expect.any(String), requestId: expect.any(String) }),
    });
  }

  /** 401 and 403: exactly that refusal; 'served': neither 401 nor 403; 'any': anything. Never a 5xx. */
  type Expectation = 401 | 403 | 'served' | 'any';

  function check(res: ApiResponse<unknown>, expected: Expectation, where: string): void {
    const refused = res.status === 401 || res.status === 403;
    let got: number | string = res.status;
    if (res.status >= 500) got = `5xx (${res.status})`;
    else if (expected === 'any' || (expected === 'served' && !refused)) got = expected;
    expect({ where, status: got }).toEqual({ where, status: expected });
    if (res.status >= 400) expectErrorShape(res, where);
  }

  it('finds the routes of every kind in the OpenAPI document', () => {
    const kinds = new Set(routes.map(kindOf));
    expect(routes.length).toBeGreaterThan(40);
    expect([...kinds].sort()).toEqual(['authenticated', 'clinic', 'public', 'superadmin']);
  });

  it('without a token: 401 on every non-public route, no 5xx on public ones', async () => {
    for (const route of routes) {
      const res = await send(route.method, concrete(route.path, clinicA.id), undefined);
      check(res, kindOf(route) === 'public' ? 'any' : 401, `none ${label(route)}`);
    }
  });

  it("a disabled user's genuine token: 401 on every non-public route", async () => {
    for (const route of routes) {
      const res = await send(route.method, concrete(route.path, clinicA.id), disabled.token);
      check(res, kindOf(route) === 'public' ? 'any' : 401, `disabled ${label(route)}`);
    }
  });

  it("clinic A's admin: served on clinic A's routes, 403 on superadmin routes", async () => {
    for (const route of routes) {
      const res = await send(route.method, concrete(route.path, clinicA.id), adminA.token);
      const expected: Expectation = { public: 'any', superadmin: 403, clinic: 'served', authenticated: 'served' }[kindOf(route)] as Expectation;
      check(res, expected, `adminA ${label(route)}`);
    }
  });

  it("clinic B's admin: 403 on every route of clinic A and every superadmin route, even with A's real ids", async () => {
    for (const route of routes) {
      const kind = kindOf(route);
      for (const path of [concrete(route.path, clinicA.id), withIdsOfA(route, clinicA.id)]) {
        const res = await send(route.method, path, adminB.token, bodyWithIdsOfA());
        check(res, { public: 'any', superadmin: 403, clinic: 403, authenticated: 'served' }[kind] as Expectation, `adminB ${route.method} ${path}`);
      }
    }
  });

  it('the superadmin: served on superadmin routes and on clinic routes', async () => {
    for (const route of routes) {
      const res = await send(route.method, concrete(route.path, clinicA.id), superToken);
      check(res, kindOf(route) === 'public' ? 'any' : 'served', `superadmin ${label(route)}`);
    }
  });

  it("never answers clinic B's admin a byte of clinic A: on A's routes, on B's own routes with A's ids, on shared routes", async () => {
    const leaks: string[] = [];
    for (const route of routes) {
      const paths = [concrete(route.path, clinicA.id), withIdsOfA(route, clinicA.id), withIdsOfA(route, clinicB.id), concrete(route.path, clinicB.id)];
      for (const path of paths) {
        const res = await send(route.method, path, adminB.token, bodyWithIdsOfA());
        expect({ path, status: res.status < 500 ? 'no 5xx' : res.status }).toEqual({ path, status: 'no 5xx' });
        // The request's own URL and body hold A's ids: they may be echoed in a Location, never in a body.
        const text = `${typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? '')}`;
        const found = secretsOfA.filter((secret) => text.toLowerCase().includes(secret.toLowerCase()));
        const echoed = found.filter((secret) => !path.toLowerCase().includes(secret.toLowerCase()) && !JSON.stringify(bodyWithIdsOfA()).includes(secret));
        if (echoed.length > 0) leaks.push(`${route.method} ${path} -> ${res.status}: ${echoed.join(', ')}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it("control: the same GET walk as clinic A's admin does find A's names, so the scan above could have seen a leak", async () => {
    let text = '';
    for (const route of routes.filter((r) => r.method === 'GET' && kindOf(r) === 'clinic')) {
      const path = route.path.replace('{clinicId}', clinicA.id).replace(/\{([^}]+)\}/g, (_m, name: string) => a[name] ?? a.patientId);
      text += JSON.stringify((await send('GET', path, adminA.token)).body);
    }
    for (const name of ['Zanzibar', 'Xanthippe', 'Quibblewick', 'Zebulon', 'Vorkapich', 'Quasari', a.patientId, a.practitionerId]) expect(text).toContain(name);
  });

  it("leaves clinic A's records whole after all of the above (B's id-guessing writes reached nothing of A)", async () => {
    const patient = await api.get<{ first_name: string; last_name: string }>(`/api/clinics/${clinicA.id}/patients/${a.patientId}`, adminA.token);
    expect(patient.status).toBe(200);
    expect(patient.body).toMatchObject({ first_name: 'Xanthippe', last_name: 'Quibblewick' });
    const practitioner = await api.get<{ first_name: string; last_name: string }>(`/api/clinics/${clinicA.id}/practitioners/${a.practitionerId}`, adminA.token);
    expect(practitioner.status).toBe(200);
    expect(practitioner.body).toMatchObject({ first_name: 'Zebulon', last_name: 'Vorkapich' });
    const profile = await api.get<{ name: string }>(`/api/clinics/${clinicA.id}`, adminA.token);
    expect(profile.body.name).toBe('Clinique Zanzibar-Quetzal');
  });
});
