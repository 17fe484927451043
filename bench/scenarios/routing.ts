import { TenantPoolCache } from '@sophie/tenancy';
import { BenchModule } from '../bench.module';
import { coreCount } from '../cpu';
import { clinicDatabases, provisionClinics, seed, VARIANTS, verifyEquivalence } from '../installation';
import type { LoadSpec } from '../load';
import { cpuPerRequest, cpuTable, Measured, resultTable, roundLine, stealPercent, summarise } from '../report';
import type { BenchContext, Scenario, ScenarioReport } from '../scenario';
import { createSingleDatabase } from '../single-db';

/** The issue's goal: clinic-routed reads at least 90 % of the single database's throughput. */
const GOAL_RATIO = 0.9;

/**
 * Routing overhead: requests/s and p50/p99 of a page of patients, spread over N clinics each in its
 * own database, against the same endpoint on one fixed DataSource with a clinic_id column.
 */
export const routing: Scenario = {
  name: 'routing',
  title: 'Routing overhead: a database per clinic against one database with clinic_id',
  run: runRouting,
};

async function runRouting(ctx: BenchContext): Promise<ScenarioReport> {
  const { options } = ctx;
  let singleDatabaseUrl = '';
  const installation = await ctx.installation({
    beforeStart: async (prefix) => {
      singleDatabaseUrl = await createSingleDatabase(ctx.postgres.adminUrl, prefix);
    },
    imports: [BenchModule.forRoot({ singleDatabaseUrl: () => singleDatabaseUrl, singlePoolSize: options.singlePoolSize })],
  });
  const { api, token, prefix, app, config } = installation;
  const ids = await provisionClinics(api, token, options.clinics);
  const clinics = await clinicDatabases(ctx.postgres.adminUrl, prefix, ids);
  await seed(ctx.postgres.adminUrl, prefix, clinics, options);
  await verifyEquivalence(api, token, ids, options);
  ctx.progress(`${ids.length} clinics seeded (${options.patients} patients each); both variants answer every clinic with identical pages`);

  const pools = app.get(TenantPoolCache);
  const spec = (variant: (typeof VARIANTS)[number], durationSeconds: number): LoadSpec => ({
    url: api.baseUrl,
    paths: ids.map((id) => variant.path(id)),
    headers: { authorization: `Bearer ${token}` },
    connections: options.connections,
    durationSeconds,
  });
  const measure = (loadSpec: LoadSpec): Promise<Measured> => ctx.measure(loadSpec, () => pools.stats().opens);

  for (const variant of VARIANTS) {
    const warm = await measure(spec(variant, options.warmupSeconds));
    ctx.progress(`warm-up ${variant.name}: ${warm.requestsPerSecond.toFixed(0)} req/s${warm.errors + warm.non2xx ? `, ${warm.errors + warm.non2xx} ERRORS` : ''}`);
  }
  const results = new Map<string, Measured[]>(VARIANTS.map((v) => [v.name, []]));
  const rounds: string[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    for (const variant of VARIANTS) {
      const result = await measure(spec(variant, options.durationSeconds));
      results.get(variant.name)?.push(result);
      rounds.push(roundLine(variant.name, round, result, coreCount()));
      ctx.progress(rounds[rounds.length - 1].trim());
    }
  }
  const live = pools.stats();
  await installation.close();

  const summaries = VARIANTS.map((v) => summarise(v.name, results.get(v.name) ?? []));
  const [fixed, routed] = summaries;
  const ratio = routed.requestsPerSecond / fixed.requestsPerSecond;
  const measured = summaries.flatMap((s) => s.rounds);
  const noisy = measured.filter((r) => (stealPercent(r, coreCount()) ?? 0) > 5).length;
  const errors = summaries.reduce((sum, s) => sum + s.errors, 0);
  const lines = [
    `GET …/patients${VARIANTS[0].path('x').split('patients')[1]} over ${options.clinics} clinics in turn, ${options.patients} patients each; ` +
      `${options.connections} connections; warm-up ${options.warmupSeconds} s per variant, ${options.rounds} interleaved rounds of ${options.durationSeconds} s (median shown)`,
    `pools: clinic ${options.tenantPoolSize} x ${options.clinics} (TENANT_MAX_CONNECTIONS ${config.tenantPools.maxConnections}; ${live.livePools} live at the end), fixed ${options.singlePoolSize}, registry ${config.registryPoolSize}`,
    ...VARIANTS.map((v) => `  ${v.name.padEnd(6)}  ${v.description}`),
    '',
    ...rounds,
    '',
    resultTable(summaries),
    '',
    `ratio routed/fixed = ${ratio.toFixed(2)} (goal >= ${GOAL_RATIO.toFixed(2)})`,
    '',
    'CPU ms per response (medians):',
    cpuTable(summaries),
    `server CPU ratio (fixed ms/req / routed ms/req): ${(fixed.cpu.server / routed.cpu.server).toFixed(2)}`,
    ...(noisy > 0 ? [`WARNING: ${noisy} of ${measured.length} runs lost more than 5% of the cores to the hypervisor (steal); run again or with more --rounds.`] : []),
    ...(measured.some((r) => cpuPerRequest(r).rest !== undefined && (cpuPerRequest(r).rest ?? 0) > 0.5)
      ? ['note: other work on the machine took more than 0.5 ms of CPU per response in some runs.']
      : []),
    ...(errors > 0 ? [`WARNING: ${errors} errors or non-2xx responses during measurement: these figures are not valid.`] : []),
  ];
  return {
    lines,
    figures: [
      { name: 'fixed req/s (p99 ms)', value: `${fixed.requestsPerSecond.toFixed(0)} (${fixed.p99.toFixed(1)})` },
      { name: 'routed req/s (p99 ms)', value: `${routed.requestsPerSecond.toFixed(0)} (${routed.p99.toFixed(1)})` },
      { name: 'routed / fixed', value: ratio.toFixed(2), goal: `>= ${GOAL_RATIO.toFixed(2)}`, met: ratio >= GOAL_RATIO && errors === 0 },
    ],
  };
}
