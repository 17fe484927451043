import { performance } from 'node:perf_hooks';
import { TenantPoolCache } from '@sophie/tenancy';
import { withAdmin } from '../environment';
import { provisionClinics } from '../installation';
import { median, table } from '../report';
import type { BenchContext, Figure, Scenario, ScenarioReport } from '../scenario';

/**
 * Cold clinics (issue 7, item 2): what the first request for a clinic with no live pool costs, and
 * that 100 concurrent first requests for one clinic open one pool.
 *
 * Clinics are provisioned through the API (no pool is opened by provisioning). One clinic warms the
 * process up (JIT, the HTTP client's keep-alive socket). Then, one clinic at a time, one GET of the
 * patients list for a clinic whose pool is not live (cold: registry lookup of the route + pool
 * opened + the read), then the same GET again at once (warm: the baseline, same clinic, same run).
 * Last, a fresh clinic gets 100 concurrent first requests (Promise.all of fetches on 100 sockets),
 * with TenantPoolCache.stats().opens read before and after.
 */

const BURST = 100;

const patientsPath = (clinicId: string): string => `/api/clinics/${clinicId}/patients?limit=20`;

interface Timed {
  ms: number;
  status: number;
}

/** Nearest-rank percentile of unsorted values. */
function percentileOf(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1];
}

const ms = (value: number): string => value.toFixed(2);

export const coldClinics: Scenario = {
  name: 'cold-clinics',
  title: 'Cold clinics: first-request latency for a clinic with no live pool; 100 concurrent first requests for one clinic (one pool opened)',
  run: async (ctx: BenchContext): Promise<ScenarioReport> => {
    const coldCount = ctx.pick(30, 10);
    // Pool size 1 within the product's budget of 60: every clinic of the scenario keeps its pool (no eviction).
    const installation = await ctx.installation({ tenantPoolSize: 1, tenantMaxConnections: 60 });
    try {
      const { api, token, prefix } = installation;
      const pools = installation.app.get(TenantPoolCache);
      const get = async (clinicId: string): Promise<Timed> => {
        const started = performance.now();
        const response = await fetch(`${api.baseUrl}${patientsPath(clinicId)}`, { headers: { authorization: `Bearer ${token}` } });
        await response.arrayBuffer();
        return { ms: performance.now() - started, status: response.status };
      };

      ctx.progress(`cold-clinics: provisioning ${coldCount + 2} clinics`);
      const [warmupClinic, burstClinic, ...clinics] = await provisionClinics(api, token, coldCount + 2);

      // Warm the process (JIT of the route, TypeORM's pool opening, the client's socket) on a clinic of its own.
      const warmupCold = await get(warmupClinic);
      for (let i = 0; i < 20; i++) await get(warmupClinic);
      if (warmupCold.status !== 200) throw new Error(`Warm-up request answered ${warmupCold.status}`);

      ctx.progress(`cold-clinics: first request, then a second one, for each of ${clinics.length} clinics without a live pool`);
      const cold: number[] = [];
      const warm: number[] = [];
      let sequentialErrors = 0;
      let skipped = 0;
      let sequentialOpens = 0;
      for (const clinicId of clinics) {
        if (pools.has(clinicId)) {
          skipped += 1;
          continue;
        }
        const opensBefore = pools.stats().opens;
        const first = await get(clinicId);
        sequentialOpens += pools.stats().opens - opensBefore;
        const second = await get(clinicId);
        if (first.status !== 200) sequentialErrors += 1;
        if (second.status !== 200) sequentialErrors += 1;
        cold.push(first.ms);
        warm.push(second.ms);
      }

      ctx.progress(`cold-clinics: ${BURST} concurrent first requests for one clinic`);
      if (pools.has(burstClinic)) throw new Error('The burst clinic already has a live pool');
      const before = pools.stats();
      const fireBurst = async (): Promise<{ results: Timed[]; wall: number }> => {
        const started = performance.now();
        const results = await Promise.all(
          Array.from({ length: BURST }, () => get(burstClinic).catch((): Timed => ({ ms: performance.now() - started, status: 0 }))),
        );
        return { results, wall: performance.now() - started };
      };
      const { results: burst, wall: burstWall } = await fireBurst();
      const after = pools.stats();
      // The same burst again, the pool now live: the baseline (the clinic's one connection serves 100 requests either way).
      const { results: warmBurst, wall: warmBurstWall } = await fireBurst();
      const warmBurstMs = warmBurst.map((r) => r.ms);
      const warmBurstErrors = warmBurst.filter((r) => r.status !== 200).length;
      const burstOpens = after.opens - before.opens;
      const burstErrors = burst.filter((r) => r.status !== 200).length;
      const burstMs = burst.map((r) => r.ms);
      const burstStatuses: Record<string, number> = {};
      for (const r of burst) burstStatuses[r.status] = (burstStatuses[r.status] ?? 0) + 1;
      const clinicDatabase = (await withAdmin(ctx.postgres.adminUrl, `${prefix}_registry`, (c) =>
        c.query<{ database_name: string }>('SELECT database_name FROM clinics WHERE id = $1', [burstClinic]),
      )).rows[0]?.database_name;
      const burstConnections = await withAdmin(ctx.postgres.adminUrl, 'postgres', async (c) =>
        Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1', [clinicDatabase])).rows[0].n),
      );

      const coldP50 = median(cold);
      const warmP50 = median(warm);
      const lines = [
        `${cold.length} clinics without a live pool (${skipped} skipped: pool already live), one at a time: GET ${patientsPath(':id')} with the superadmin token,`,
        'first request (cold: registry route lookup, pool opened, the read) then the same request again (warm: the baseline).',
        `Clinics freshly provisioned (empty lists); TENANT_POOL_SIZE=1, TENANT_MAX_CONNECTIONS=60; client: fetch in the API's process, keep-alive.`,
        '',
        table(
          ['request', 'n', 'p50 ms', 'p99 ms', 'max ms', 'min ms', 'non-200'],
          [
            ['cold (first)', String(cold.length), ms(coldP50), ms(percentileOf(cold, 99)), ms(Math.max(...cold)), ms(Math.min(...cold)), String(sequentialErrors)],
            ['warm (second)', String(warm.length), ms(warmP50), ms(percentileOf(warm, 99)), ms(Math.max(...warm)), ms(Math.min(...warm)), ''],
          ],
        ),
        '',
        `cold - warm p50: ${ms(coldP50 - warmP50)} ms per clinic (pool opens during the sequence: ${sequentialOpens}, one per clinic expected ${cold.length})`,
        '',
        `${BURST} concurrent first requests for one clinic without a pool (Promise.all of fetches, ${BURST} sockets), then the same burst again:`,
        '',
        table(
          ['burst', 'p50 ms', 'p99 ms', 'max ms', 'pool opens', 'errors', 'statuses', 'server connections after'],
          [
            [
              `${BURST} first requests, wall ${ms(burstWall)} ms`,
              ms(percentileOf(burstMs, 50)),
              ms(percentileOf(burstMs, 99)),
              ms(Math.max(...burstMs)),
              String(burstOpens),
              String(burstErrors),
              JSON.stringify(burstStatuses),
              `${burstConnections} (pool size 1)`,
            ],
            [
              `same, pool live (baseline), wall ${ms(warmBurstWall)} ms`,
              ms(percentileOf(warmBurstMs, 50)),
              ms(percentileOf(warmBurstMs, 99)),
              ms(Math.max(...warmBurstMs)),
              String(pools.stats().opens - after.opens),
              String(warmBurstErrors),
              '',
              '',
            ],
          ],
        ),
        '',
        `pool stats after the burst: ${JSON.stringify(after)}`,
      ];
      const figures: Figure[] = [
        { name: 'cold first request p50 vs warm p50', value: `${ms(coldP50)} ms vs ${ms(warmP50)} ms (p99 cold ${ms(percentileOf(cold, 99))} ms)` },
        { name: `burst of ${BURST} first requests: pool opens`, value: String(burstOpens), goal: '1', met: burstOpens === 1 },
        { name: `burst of ${BURST} first requests: errors`, value: String(burstErrors), goal: '0', met: burstErrors === 0 },
        {
          name: `burst of ${BURST} first requests: p50 / p99 / max`,
          value: `${ms(percentileOf(burstMs, 50))} / ${ms(percentileOf(burstMs, 99))} / ${ms(Math.max(...burstMs))} ms (pool live: ${ms(percentileOf(warmBurstMs, 50))} / ${ms(percentileOf(warmBurstMs, 99))} / ${ms(Math.max(...warmBurstMs))} ms)`,
        },
      ];
      if (warmBurstErrors > 0) figures.push({ name: 'burst with the pool live: errors', value: String(warmBurstErrors), goal: '0', met: false });
      if (sequentialErrors > 0) figures.push({ name: 'cold sequence: non-200 responses', value: String(sequentialErrors), goal: '0', met: false });
      return { lines, figures };
    } finally {
      await installation.close();
    }
  },
};
