import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from 'pg';
import { TenantPoolCache } from '@sophie/tenancy';
import { withAdmin } from '../environment';
import type { LoadResult } from '../load';
import { table } from '../report';
import type { BenchContext, Figure, Scenario, ScenarioReport } from '../scenario';
import { collectGarbage, heapAfterGc, provisionConcurrently, shuffled } from './many-support';

/**
 * Many clinics on one server (issue 7, item 3): 1,000 clinics (quick: 200) provisioned through the
 * API on the bench's PostgreSQL (max_connections 100), then a read load spread over all of them at
 * random, within TENANT_POOL_SIZE=1 and the product's TENANT_MAX_CONNECTIONS=60 (60 live pools for
 * 1,000 clinics: nearly every request opens a pool and evicts the least recently used one).
 *
 * The load is 16 autocannon runs of one connection each, started together in the load generator's
 * process, each walking its own shuffle of the 1,000 clinic URLs. (One run of 16 connections walks
 * ONE list, each connection starting one step after the previous one: the 16 connections would then
 * ask for the same clinic within 16 requests of each other, and the LRU would serve nearly all of
 * them warm. That is not "spread at random".) req/s and errors are summed; the p99 shown is the
 * response-weighted mean of the 16 runs' p99 (each estimates the same quantile), with their maximum.
 *
 * While it runs, a separate admin connection samples pg_stat_activity every 50 ms (clinic
 * connections, all client backends, all rows), and TenantPoolCache.stats() is read at the same time.
 * (An evicted pool's connection closes asynchronously while the next one opens: an overshoot lasts a
 * few milliseconds, so sampling is finer than the 200 ms first planned; a sample can still miss it.)
 */

const CONNECTIONS = 16;
const SAMPLE_EVERY_MS = 50;

const patientsPath = (clinicId: string): string => `/api/clinics/${clinicId}/patients?limit=20`;

interface Maxima {
  samples: number;
  clinicConnections: number;
  clientBackends: number;
  allBackends: number;
  livePools: number;
  poolConnections: number;
  leases: number;
  waiting: number;
  /** Samples where the clinic connections seen in PostgreSQL exceeded the budget. */
  overBudget: number;
}

/** Samples the server and the pool cache until stopped; one query at a time, on its own connection. */
function startSampler(ctx: BenchContext, prefix: string, pools: TenantPoolCache, budget: number): { stop: () => Promise<Maxima> } {
  const maxima: Maxima = { samples: 0, clinicConnections: 0, clientBackends: 0, allBackends: 0, livePools: 0, poolConnections: 0, leases: 0, waiting: 0, overBudget: 0 };
  let running = true;
  const pattern = `${prefix}\\_clinic\\_%`;
  const sample = async (c: Client): Promise<void> => {
    const row = (
      await c.query<{ clinic: string; clients: string; total: string }>(
        `SELECT count(*) FILTER (WHERE datname LIKE $1) AS clinic,
                count(*) FILTER (WHERE backend_type = 'client backend') AS clients,
                count(*) AS total
           FROM pg_stat_activity`,
        [pattern],
      )
    ).rows[0];
    const stats = pools.stats();
    const clinic = Number(row.clinic);
    maxima.samples += 1;
    maxima.clinicConnections = Math.max(maxima.clinicConnections, clinic);
    maxima.clientBackends = Math.max(maxima.clientBackends, Number(row.clients));
    maxima.allBackends = Math.max(maxima.allBackends, Number(row.total));
    maxima.livePools = Math.max(maxima.livePools, stats.livePools);
    maxima.poolConnections = Math.max(maxima.poolConnections, stats.connections);
    maxima.leases = Math.max(maxima.leases, stats.leases);
    maxima.waiting = Math.max(maxima.waiting, stats.waiting);
    if (clinic > budget) maxima.overBudget += 1;
  };
  const done = withAdmin(ctx.postgres.adminUrl, 'postgres', async (c) => {
    while (running) {
      const started = performance.now();
      await sample(c);
      await sleep(Math.max(0, SAMPLE_EVERY_MS - (performance.now() - started)));
    }
  });
  return {
    stop: async () => {
      running = false;
      await done;
      return maxima;
    },
  };
}

/** The 16 one-connection runs as one: responses, errors and statuses summed; p99 estimated (see above). */
function combine(results: LoadResult[]): LoadResult & { p99Max: number } {
  const responses = results.reduce((sum, r) => sum + r.responses, 0);
  const weighted = (pick: (r: LoadResult) => number): number =>
    responses === 0 ? Number.NaN : results.reduce((sum, r) => sum + (r.responses ? pick(r) * r.responses : 0), 0) / responses;
  const statusCodes: Record<string, number> = {};
  for (const r of results) for (const [code, n] of Object.entries(r.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  const durationSeconds = Math.max(...results.map((r) => r.durationSeconds));
  return {
    responses,
    durationSeconds,
    requestsPerSecond: results.reduce((sum, r) => sum + r.requestsPerSecond, 0),
    p50: weighted((r) => r.p50),
    p99: weighted((r) => r.p99),
    p99Max: Math.max(...results.map((r) => r.p99)),
    mean: weighted((r) => r.mean),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    timeouts: results.reduce((sum, r) => sum + r.timeouts, 0),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    statusCodes,
    loadCpuMs: Math.max(...results.map((r) => r.loadCpuMs)),
  };
}

const kib = (bytes: number): string => (bytes / 1024).toFixed(0);

export const manyClinics: Scenario = {
  name: 'many-clinics',
  title: '1,000 clinics on one PostgreSQL at max_connections 100: a load spread over all of them at random',
  run: async (ctx: BenchContext): Promise<ScenarioReport> => {
    const count = ctx.pick(1000, 200);
    const durationSeconds = ctx.pick(20, 8);
    const warmupSeconds = ctx.pick(3, 2);
    const poolSize = 1;
    const installation = await ctx.installation({ tenantPoolSize: poolSize, tenantMaxConnections: 60 });
    try {
      const { api, token, prefix } = installation;
      const budget = installation.config.tenantPools.maxConnections;
      const pools = installation.app.get(TenantPoolCache);

      ctx.progress(`many-clinics: provisioning ${count} clinics (4 at a time)`);
      const provisionStarted = performance.now();
      const ids = await provisionConcurrently(api, token, count, 4, (done) => {
        if (done % 100 === 0) ctx.progress(`many-clinics: ${done}/${count} clinics provisioned`);
      });
      const provisionSeconds = (performance.now() - provisionStarted) / 1000;
      const serverDatabases = await withAdmin(ctx.postgres.adminUrl, 'postgres', async (c) =>
        Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM pg_database WHERE datname LIKE $1', [`${prefix}\\_clinic\\_%`])).rows[0].n),
      );

      const gc = collectGarbage();

      const spec = (seconds: number) => ({
        url: api.baseUrl,
        headers: { authorization: `Bearer ${token}` },
        connections: 1,
        durationSeconds: seconds,
      });
      const runSpread = async (seconds: number): Promise<LoadResult & { p99Max: number }> =>
        combine(await Promise.all(Array.from({ length: CONNECTIONS }, () => ctx.load.run({ ...spec(seconds), paths: shuffled(ids).map(patientsPath) }))));

      ctx.progress(`many-clinics: warm-up ${warmupSeconds} s`);
      await runSpread(warmupSeconds);

      ctx.progress(`many-clinics: ${durationSeconds} s of load over ${count} clinics at random (${CONNECTIONS} connections)`);
      const opensBefore = pools.stats().opens;
      const sampler = startSampler(ctx, prefix, pools, budget);
      let result: LoadResult & { p99Max: number };
      try {
        result = await runSpread(durationSeconds);
      } catch (error) {
        await sampler.stop().catch(() => undefined);
        throw error;
      }
      const maxima = await sampler.stop();
      const opens = pools.stats().opens - opensBefore;

      // Heap per live clinic: the heap after gc with the pools the load left, then with every pool closed.
      const live = pools.stats();
      const heapLive = await heapAfterGc(gc);
      for (const id of ids) pools.invalidate(id);
      // The pools' destroy() runs after invalidate returns: wait until the server has no clinic connection left.
      const left = await withAdmin(ctx.postgres.adminUrl, 'postgres', async (c) => {
        for (let i = 0; ; i++) {
          const n = Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE datname LIKE $1', [`${prefix}\\_clinic\\_%`])).rows[0].n);
          if (n === 0 || i === 100) return n;
          await sleep(50);
        }
      });
      const heapClosed = await heapAfterGc(gc);
      const perClinic = live.livePools > 0 ? (heapLive - heapClosed) / live.livePools : Number.NaN;

      const bad = result.errors + result.non2xx;
      const lines = [
        `${count} clinics provisioned through POST /api/superadmin/clinics, 4 at a time, in ${provisionSeconds.toFixed(1)} s ` +
          `(${((provisionSeconds * 1000) / count).toFixed(0)} ms per clinic of wall time); ${serverDatabases} clinic databases on the server.`,
        `PostgreSQL max_connections ${ctx.postgres.maxConnections ?? '?'}; TENANT_POOL_SIZE=${poolSize}, TENANT_MAX_CONNECTIONS=${budget} (${live.maxPools} live pools at most).`,
        `Load: GET ${patientsPath(':id')}, ${CONNECTIONS} one-connection autocannon runs, each over its own shuffle of the ${count} clinics, ` +
          `${durationSeconds} s after a ${warmupSeconds} s warm-up. Pool opens during the run: ${opens} (${((opens / Math.max(1, result.responses)) * 100).toFixed(0)} % of requests).`,
        '',
        table(
          ['req/s', 'p50 ms', 'p99 ms', 'p99 max of runs', 'responses', 'errors', 'timeouts', 'non-2xx', 'statuses'],
          [
            [
              result.requestsPerSecond.toFixed(1),
              result.p50.toFixed(2),
              result.p99.toFixed(2),
              result.p99Max.toFixed(2),
              String(result.responses),
              String(result.errors),
              String(result.timeouts),
              String(result.non2xx),
              JSON.stringify(result.statusCodes),
            ],
          ],
        ),
        '',
        `Most seen during the run (${maxima.samples} samples every ${SAMPLE_EVERY_MS} ms):`,
        '',
        table(
          ['clinic connections (server)', 'budget', 'samples over budget', 'client backends', 'all pg_stat_activity rows', 'live pools', 'pool connections (cache)', 'leases', 'waiting'],
          [
            [
              String(maxima.clinicConnections),
              String(budget),
              String(maxima.overBudget),
              String(maxima.clientBackends),
              String(maxima.allBackends),
              String(maxima.livePools),
              String(maxima.poolConnections),
              String(maxima.leases),
              String(maxima.waiting),
            ],
          ],
        ),
        '',
        `Heap (${gc.how}): ${kib(heapLive)} KiB after gc with ${live.livePools} live pools, ${kib(heapClosed)} KiB after gc with every pool closed (${left} clinic connections left on the server): ` +
          `${kib(perClinic)} KiB per live clinic.`,
      ];
      const figures: Figure[] = [
        { name: `req/s over ${count} clinics at random`, value: result.requestsPerSecond.toFixed(1) },
        { name: 'p99 ms', value: result.p99.toFixed(2) },
        {
          name: 'most clinic connections on the server vs budget',
          value: `${maxima.clinicConnections} / ${budget}`,
          goal: '<= budget',
          met: maxima.clinicConnections <= budget,
        },
        { name: 'errors (incl. timeouts, non-2xx)', value: String(bad), goal: '0', met: bad === 0 },
        { name: 'heap KiB per live clinic', value: `${kib(perClinic)} (${live.livePools} live, ${gc.how})` },
      ];
      return { lines, figures };
    } finally {
      ctx.progress(`many-clinics: closing the API and dropping ${count} clinic databases`);
      const closing = performance.now();
      await installation.close();
      ctx.progress(`many-clinics: closed and dropped in ${((performance.now() - closing) / 1000).toFixed(1)} s`);
    }
  },
};
