import { randomUUID } from 'node:crypto';
import { TestApp } from './support/test-app';

interface OpenApi {
  paths: Record<string, Record<string, unknown>>;
}

/** Routes anyone may call. Every other route must refuse a request without a token. */
const PUBLIC = new Set(['POST /api/auth/login', 'GET /health', 'GET /ready', 'GET /metrics', 'GET /webhook/whatsapp/{clinicId}', 'POST /webhook/whatsapp/{clinicId}', 'GET /oauth/callback']);

describe('Every route is guarded', () => {
  let api: TestApp;
  let routes: Array<{ method: string; path: string }>;
  let clinicA: { id: string };
  let adminB: { token: string };

  beforeAll(async () => {
    api = await TestApp.start();
    const superToken = await api.superadminToken();
    clinicA = await api.provisionClinic(superToken);
    const clinicB = await api.provisionClinic(superToken);
    adminB = await api.createClinicAdmin(superToken, clinicB.id);
    const doc = (await api.get<OpenApi>('/api/docs-json')).body;
    routes = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })));
  });

  afterAll(async () => {
    await api.destroy();
  });

  const concrete = (path: string, clinicId: string): string => path.replace('{clinicId}', clinicId).replace(/\{[^}]+\}/g, () => randomUUID());

  it('finds the routes in the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThan(5);
  });

  it('refuses every non-public route without a token (401)', async () => {
    for (const route of routes.filter((r) => !PUBLIC.has(`${r.method} ${r.path}`))) {
      const res = await api.request(route.method, concrete(route.path, clinicA.id), { body: route.method === 'GET' ? undefined : {} });
      expect({ route, status: res.status }).toEqual({ route, status: 401 });
    }
  });

  it("refuses clinic B's admin on every route of clinic A (403), before any clinic database is touched", async () => {
    const clinicRoutes = routes.filter((r) => r.path.includes('{clinicId}') && !PUBLIC.has(`${r.method} ${r.path}`));
    expect(clinicRoutes.length).toBeGreaterThan(0);
    for (const route of clinicRoutes) {
      const res = await api.request(route.method, concrete(route.path, clinicA.id), { token: adminB.token, body: route.method === 'GET' ? undefined : {} });
      expect({ route, status: res.status }).toEqual({ route, status: 403 });
    }
  });
});
