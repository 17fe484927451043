import { TestApp } from './support/test-app';
import { withAdmin } from './support/test-env';

describe('Registry outage', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await TestApp.start();
  });

  afterAll(async () => {
    await withAdmin('postgres', (c) => c.query(`ALTER DATABASE ${c.escapeIdentifier(`${api.prefix}_registry`)} WITH ALLOW_CONNECTIONS true`));
    await api.destroy();
  });

  it('answers 503, not 401, while the registry cannot be reached, and recovers by itself', async () => {
    const token = await api.superadminToken();
    const clinic = await api.provisionClinic(token);
    const registry = `${api.prefix}_registry`;
    await withAdmin('postgres', async (c) => {
      await c.query(`ALTER DATABASE ${c.escapeIdentifier(registry)} WITH ALLOW_CONNECTIONS false`);
      await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [registry]);
    });
    // Alive (nothing to restart) but not ready: the readiness answer names the registry.
    expect((await api.get('/health')).status).toBe(200);
    const ready = await api.get<{ code: string; details: { failed: string[] } }>('/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(ready.body.details.failed).toContain('registry');
    expect(ready.headers.get('retry-after')).toBeTruthy();
    const read = await api.get(`/api/clinics/${clinic.id}`, token);
    expect(read.status).toBe(503);
    expect(read.headers.get('retry-after')).toBeTruthy();

    await withAdmin('postgres', (c) => c.query(`ALTER DATABASE ${c.escapeIdentifier(registry)} WITH ALLOW_CONNECTIONS true`));
    expect((await api.get('/health')).status).toBe(200);
    expect((await api.get('/ready')).status).toBe(200);
    expect((await api.get(`/api/clinics/${clinic.id}`, token)).status).toBe(200);
  });
});
