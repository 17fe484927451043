import { randomUUID } from 'node:crypto';
import { TenantConnectionProvider, TenantContext, TenantPoolCache, TenantResolver } from '../libs/tenancy/src';
import { TestApp } from './support/test-app';
import { withAdmin } from './support/test-env';

describe(TenantPoolCache.name, () => {
  let api: TestApp;
  let superToken: string;

  const databaseOf = (clinicId: string): Promise<string> =>
    withAdmin(`${api.prefix}_registry`, async (c) => (await c.query<{ database_name: string }>('SELECT database_name FROM clinics WHERE id = $1', [clinicId])).rows[0].database_name);

  beforeAll(async () => {
    api = await TestApp.start();
    superToken = await api.superadminToken();
  });

  afterAll(async () => {
    await api.destroy();
  });

  it('opens one pool for 50 concurrent first requests to one clinic', async () => {
    const clinic = await api.provisionClinic(superToken);
    const pools = api.app.get(TenantPoolCache);
    const before = pools.stats().opens;
    expect(pools.has(clinic.id)).toBe(false);
    const responses = await Promise.all(Array.from({ length: 50 }, () => api.get(`/api/clinics/${clinic.id}`, superToken)));
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(pools.stats().opens - before).toBe(1);
    expect(pools.has(clinic.id)).toBe(true);
    const connections = await withAdmin('postgres', async (c) =>
      (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [await databaseOf(clinic.id)])).rows[0].n,
    );
    expect(connections).toBeLessThanOrEqual(api.config.tenantPools.poolSize);
  });

  it('leaves no per-clinic state behind for random clinic ids', async () => {
    const pools = api.app.get(TenantPoolCache);
    const resolver = api.app.get(TenantResolver);
    const before = { ...pools.stats(), routes: resolver.cachedRoutes() };
    const responses = await Promise.all(Array.from({ length: 200 }, () => api.get(`/api/clinics/${randomUUID()}`, superToken)));
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([404]));
    expect(pools.stats().livePools).toBe(before.livePools);
    expect(pools.stats().opens).toBe(before.opens);
    expect(resolver.cachedRoutes()).toBe(before.routes);
  });

  it('answers 503 fast for a clinic whose database is down while others answer 200, and recovers by itself', async () => {
    const down = await api.provisionClinic(superToken);
    const up = await api.provisionClinic(superToken);
    expect((await api.get(`/api/clinics/${down.id}`, superToken)).status).toBe(200);
    const database = await databaseOf(down.id);
    await withAdmin('postgres', async (c) => {
      await c.query(`ALTER DATABASE ${c.escapeIdentifier(database)} WITH ALLOW_CONNECTIONS false`);
      await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);
    });
    try {
      const started = Date.now();
      const [failed, healthy] = await Promise.all([api.get(`/api/clinics/${down.id}`, superToken), api.get(`/api/clinics/${up.id}`, superToken)]);
      expect(failed.status).toBe(503);
      expect(failed.body).toMatchObject({ code: expect.stringMatching(/UNAVAILABLE/) });
      expect(failed.headers.get('retry-after')).toBeTruthy();
      expect(Date.now() - started).toBeLessThan(5000);
      expect(healthy.status).toBe(200);
    } finally {
      await withAdmin('postgres', (c) => c.query(`ALTER DATABASE ${c.escapeIdentifier(database)} WITH ALLOW_CONNECTIONS true`));
    }
    expect((await api.get(`/api/clinics/${down.id}`, superToken)).status).toBe(200);
  });

  it('answers 503 for a clinic whose database was dropped, and keeps serving the others', async () => {
    const gone = await api.provisionClinic(superToken);
    const other = await api.provisionClinic(superToken);
    expect((await api.get(`/api/clinics/${gone.id}`, superToken)).status).toBe(200);
    const database = await databaseOf(gone.id);
    await withAdmin('postgres', (c) => c.query(`DROP DATABASE ${c.escapeIdentifier(database)} WITH (FORCE)`));
    expect((await api.get(`/api/clinics/${gone.id}`, superToken)).status).toBe(503);
    expect((await api.get(`/api/clinics/${gone.id}`, superToken)).status).toBe(503);
    expect((await api.get(`/api/clinics/${other.id}`, superToken)).status).toBe(200);
  });

  it('keeps live pools within the connection budget by closing the least recently used idle pool', async () => {
    const poolSize = api.config.tenantPools.poolSize;
    const small = await api.sibling({ TENANT_MAX_CONNECTIONS: String(poolSize * 2) });
    try {
      const token = await small.superadminToken();
      const clinics = [await api.provisionClinic(superToken), await api.provisionClinic(superToken), await api.provisionClinic(superToken)];
      const pools = small.app.get(TenantPoolCache);
      for (const clinic of [...clinics, ...clinics]) {
        expect((await small.get(`/api/clinics/${clinic.id}`, token)).status).toBe(200);
        expect(pools.stats().livePools).toBeLessThanOrEqual(2);
      }
      expect(pools.has(clinics[2].id)).toBe(true);
      expect(pools.has(clinics[0].id)).toBe(false);
      const burst = await Promise.all(clinics.flatMap((c) => Array.from({ length: 10 }, () => small.get(`/api/clinics/${c.id}`, token))));
      expect(burst.map((r) => r.status)).toEqual(Array(30).fill(200));
      expect(pools.stats().livePools).toBeLessThanOrEqual(2);
    } finally {
      await small.close();
    }
  });

  it('makes a request wait for room in the budget, and answers 503 when none frees up in time', async () => {
    const poolSize = api.config.tenantPools.poolSize;
    const tight = await api.sibling({ TENANT_MAX_CONNECTIONS: String(poolSize), TENANT_ACQUIRE_TIMEOUT_MS: '3000' });
    try {
      const token = await tight.superadminToken();
      const [busy, waiting] = [await api.provisionClinic(superToken), await api.provisionClinic(superToken)];
      let finish!: () => void;
      const held = new Promise<void>((resolve) => (finish = resolve));
      const context = tight.app.get(TenantContext);
      const provider = tight.app.get(TenantConnectionProvider);
      let leased!: () => void;
      const hasLease = new Promise<void>((resolve) => (leased = resolve));
      const holder = context.runForClinic(busy.id, async () => {
        await provider.dataSource();
        leased();
        await held;
      });
      await hasLease;
      const refused = await tight.get(`/api/clinics/${waiting.id}`, token);
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ code: 'CLINIC_POOL_BUSY' });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

      const queued = tight.get(`/api/clinics/${waiting.id}`, token);
      await until(() => tight.app.get(TenantPoolCache).stats().waiting === 1, 5_000);
      finish();
      await holder;
      expect((await queued).status).toBe(200);
    } finally {
      await tight.close();
    }
  });

  it('closes a clinic pool left idle, and opens it again on the next request', async () => {
    const idle = await api.sibling({ TENANT_POOL_IDLE_SECONDS: '1' });
    try {
      const token = await idle.superadminToken();
      const clinic = await api.provisionClinic(superToken);
      const pools = idle.app.get(TenantPoolCache);
      expect((await idle.get(`/api/clinics/${clinic.id}`, token)).status).toBe(200);
      expect(pools.has(clinic.id)).toBe(true);
      await until(() => !pools.has(clinic.id), 10_000);
      const opens = pools.stats().opens;
      expect((await idle.get(`/api/clinics/${clinic.id}`, token)).status).toBe(200);
      expect(pools.stats().opens).toBe(opens + 1);
    } finally {
      await idle.close();
    }
  });
});

/** Waits for a condition (checking every 50 ms), failing after `timeoutMs`. */
async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
