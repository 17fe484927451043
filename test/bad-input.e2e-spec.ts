import { randomUUID } from 'node:crypto';
import { TestApp } from './support/test-app';

interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
}
interface Operation {
  parameters?: Array<{ name: string; in: string; schema?: Schema }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}
interface Route {
  method: string;
  path: string;
  operation: Operation;
}

/** A value of the wrong type for a property of `schema`'s type. */
function wrongValue(schema: Schema): unknown {
  switch (schema.type) {
    case 'string':
      return 12345;
    case 'number':
    case 'integer':
      return 'not a number';
    case 'boolean':
      return 'maybe';
    case 'array':
      return { not: 'an array' };
    default:
      return 'not an object';
  }
}

/**
 * Every route of the OpenAPI document, called as the superadmin (who passes every guard) with malformed path
 * parameters, query strings and bodies: each answer is a 4xx in the API's error shape, never a 5xx.
 */
describe('Bad input on every route', () => {
  let api: TestApp;
  let token: string;
  let clinicId: string;
  let doc: OpenApi;
  let routes: Route[];

  beforeAll(async () => {
    api = await TestApp.start();
    token = await api.superadminToken();
    clinicId = (await api.provisionClinic(token)).id;
    doc = (await api.get<OpenApi>('/api/docs-json')).body;
    const all = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
    );
    // Deletions last, so that nothing they might remove is missing for the other routes.
    routes = [...all.filter((r) => r.method !== 'DELETE'), ...all.filter((r) => r.method === 'DELETE')].filter((r) => r.path !== '/api/auth/login');
  });

  afterAll(async () => {
    await api.destroy();
  });

  function resolve(schema: Schema | undefined): Schema | undefined {
    if (!schema) return undefined;
    if (schema.$ref) return resolve(doc.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')]);
    if (schema.allOf) return { type: 'object', properties: Object.assign({}, ...schema.allOf.map((s) => resolve(s)?.properties ?? {})) as Record<string, Schema> };
    return schema;
  }

  function concrete(path: string, other: () => string): string {
    return path.replace('{clinicId}', clinicId).replace(/\{[^}]+\}/g, other);
  }

  async function expectClientError(method: string, path: string, body?: unknown, raw?: string): Promise<void> {
    const res = await api.request<Record<string, unknown>>(method, path, { token, body, raw });
    const summary = { method, path, body: raw ?? JSON.stringify(body)?.slice(0, 80), status: res.status };
    expect(summary).toEqual({ ...summary, status: expect.any(Number) });
    expect(res.status < 500 ? 'not a server error' : summary).toBe('not a server error');
    if (res.status >= 400) expect(Object.keys(res.body)).toEqual(expect.arrayContaining(['statusCode', 'error', 'message', 'code', 'requestId']));
  }

  it('finds the routes', () => {
    expect(routes.length).toBeGreaterThan(20);
  });

  it('answers a 4xx to ids that are not UUIDs in the path', async () => {
    for (const route of routes.filter((r) => /\{(?!clinicId)[^}]+\}/.test(r.path))) {
      await expectClientError(route.method, concrete(route.path, () => 'not-a-uuid%27%20OR%201=1'), route.method === 'GET' || route.method === 'DELETE' ? undefined : {});
    }
  });

  it('answers a 4xx to malformed query strings', async () => {
    for (const route of routes.filter((r) => r.method === 'GET')) {
      const path = concrete(route.path, () => randomUUID());
      const query = (route.operation.parameters ?? []).filter((p) => p.in === 'query');
      await expectClientError('GET', `${path}?unknown_parameter=1`);
      for (const parameter of query) {
        const bad = parameter.schema?.type === 'integer' || parameter.schema?.type === 'number' ? 'abc' : '%00%27;DROP TABLE patients;--';
        await expectClientError('GET', `${path}?${parameter.name}=${bad}`);
        await expectClientError('GET', `${path}?${parameter.name}=2026-02-30`);
      }
    }
  });

  it('answers a 4xx to bodies of the wrong shape, with unknown fields or with wrongly typed fields', async () => {
    for (const route of routes.filter((r) => ['POST', 'PUT', 'PATCH'].includes(r.method))) {
      const path = concrete(route.path, () => randomUUID());
      await expectClientError(route.method, path, undefined, '{"broken": ');
      await expectClientError(route.method, path, ['an', 'array']);
      await expectClientError(route.method, path, { unknown_field: true });
      const schema = resolve(route.operation.requestBody?.content?.['application/json']?.schema);
      for (const [name, property] of Object.entries(schema?.properties ?? {})) {
        await expectClientError(route.method, path, { [name]: wrongValue(resolve(property) ?? {}) });
        await expectClientError(route.method, path, { [name]: null });
      }
    }
  });
});
