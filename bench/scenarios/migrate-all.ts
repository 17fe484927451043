import { performance } from 'node:perf_hooks';
import { ClinicMigrationReport, ClinicMigrationsService, MAINTENANCE_DB, MigrationClass, migrateClinicDatabase, withAdminClient } from '@sophie/tenancy';
import { median, table } from '../report';
import type { BenchContext, Scenario, ScenarioReport } from '../scenario';
import { migrationsWithProbes, probeName } from './migrate-probes';
import { ensureTemplate, ms, percentile, ProvisioningParts, provisioningParts, provisionMany, seconds } from './provisioning-helpers';

/**
 * Migrate all (issue 7): the wall time of `ClinicMigrationsService.migrateAll` (what `npm run cli --
 * migrate` runs) applying one new clinic migration to 100 and to 1,000 clinic databases, at
 * concurrency 1 and at the default MIGRATE_CONCURRENCY.
 *
 * Each run passes the shipped clinic migrations plus one more bench-only "probe" migration (a
 * CREATE TABLE) than the run before, through migrateAll's `migrations` option, so every clinic of
 * the run has exactly one pending migration. migrateAll has no filter for a set of clinics (only
 * one clinic id), so the small set is migrated first, alone in the installation; the probes it
 * received are then applied to the template as well (what `migrate` does to templates after the
 * shipped migrations), so the clinics provisioned next are copies that already hold them.
 */

interface Run {
  name: string;
  clinics: number;
  concurrency: number;
  probe: string;
  wallMs: number;
  reports: ClinicMigrationReport[];
  failures: number;
}

async function migrateRun(
  ctx: BenchContext,
  service: ClinicMigrationsService,
  name: string,
  expected: number,
  concurrency: number,
  probes: number,
): Promise<Run> {
  const migrations = migrationsWithProbes(probes);
  const probe = probeName(probes);
  let done = 0;
  const step = Math.max(50, Math.round(expected / 4));
  ctx.progress(`migrate-all: ${name}: applying ${probe} at concurrency ${concurrency}`);
  const started = performance.now();
  const reports = await service.migrateAll({
    concurrency,
    migrations,
    onClinicDone: () => {
      done += 1;
      if (done % step === 0 && done < expected) ctx.progress(`migrate-all: ${name}: ${done}/${expected}`);
    },
  });
  const wallMs = performance.now() - started;
  // Exactly one new migration everywhere: anything else (failed, up to date, two applied) is a failure.
  const failures = reports.filter((r) => r.status !== 'migrated' || r.applied.length !== 1 || r.applied[0] !== probe || r.version !== probe);
  for (const f of failures.slice(0, 3)) ctx.progress(`migrate-all: ${name}: clinic ${f.clinicId}: ${f.status} ${JSON.stringify(f.applied)} ${f.error ?? ''}`);
  if (reports.length !== expected) throw new Error(`${name}: migrated ${reports.length} clinics, expected ${expected}`);
  ctx.progress(`migrate-all: ${name}: ${reports.length} clinics in ${seconds(wallMs)}, ${failures.length} failed`);
  return { name, clinics: reports.length, concurrency, probe, wallMs, reports, failures: failures.length };
}

/** Median time to open an admin connection to the maintenance database, run one query and close it. */
async function adminConnectionMs(parts: ProvisioningParts, count: number): Promise<number> {
  const durations: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await withAdminClient(parts.server, MAINTENANCE_DB, (c) => c.query('SELECT 1'));
    durations.push(performance.now() - started);
  }
  return median(durations);
}

/** Provisions `count` more clinics, 4 at a time, with progress. */
async function provision(ctx: BenchContext, parts: ProvisioningParts, count: number, firstIndex: number): Promise<number> {
  const started = performance.now();
  const step = Math.max(50, Math.round(count / 4));
  await provisionMany(parts, count, 4, (done) => {
    if (done % step === 0 && done < count) ctx.progress(`migrate-all: provisioned ${done}/${count}`);
  }, firstIndex);
  const elapsed = performance.now() - started;
  ctx.progress(`migrate-all: provisioned ${count} clinics in ${seconds(elapsed)}`);
  return elapsed;
}

export const migrateAll: Scenario = {
  name: 'migrate-all',
  title: 'Migrate all: one new migration to every clinic database',
  async run(ctx: BenchContext): Promise<ScenarioReport> {
    const sizes = { small: ctx.pick(100, 50), large: ctx.pick(1000, 200) };
    const installation = await ctx.installation();
    try {
      const service = installation.app.get(ClinicMigrationsService, { strict: false });
      const defaultConcurrency = installation.config.migrateConcurrency;
      const parts = await provisioningParts(installation.app);
      await ensureTemplate(parts);
      const connectMs = await adminConnectionMs(parts, 20);

      const provisionMs = [await provision(ctx, parts, sizes.small, 1)];
      const runs: Run[] = [];
      runs.push(await migrateRun(ctx, service, `${sizes.small} clinics, concurrency 1`, sizes.small, 1, 1));
      runs.push(await migrateRun(ctx, service, `${sizes.small} clinics, concurrency ${defaultConcurrency}`, sizes.small, defaultConcurrency, 2));

      // The template receives the probes the small set has, so the next clinics are born with them.
      const templateProbes: MigrationClass[] = migrationsWithProbes(2);
      const onTemplate = await migrateClinicDatabase(parts.server, parts.templates.templateName, templateProbes);
      if (onTemplate.version !== probeName(2) || !(await parts.templates.isCurrent(parts.server))) {
        throw new Error(`The template did not take the probes: ${JSON.stringify(onTemplate)}`);
      }

      provisionMs.push(await provision(ctx, parts, sizes.large - sizes.small, sizes.small + 1));
      runs.push(await migrateRun(ctx, service, `${sizes.large} clinics, concurrency 1`, sizes.large, 1, 3));
      runs.push(await migrateRun(ctx, service, `${sizes.large} clinics, concurrency ${defaultConcurrency}`, sizes.large, defaultConcurrency, 4));

      const totalFailures = runs.reduce((sum, r) => sum + r.failures, 0);
      const lines = [
        table(
          ['clinics', 'concurrency', 'migration', 'wall time', 'per clinic median ms', 'p90 ms', 'clinics/s', 'failures'],
          runs.map((r) => {
            const durations = r.reports.map((x) => x.durationMs);
            return [
              String(r.clinics),
              String(r.concurrency),
              r.probe,
              seconds(r.wallMs),
              ms(median(durations)),
              ms(percentile(durations, 90)),
              (r.clinics / (r.wallMs / 1000)).toFixed(1),
              String(r.failures),
            ];
          }),
        ),
        '',
        `Through ClinicMigrationsService.migrateAll (the CLI's migrate), the shipped clinic migrations plus one`,
        `bench-only migration (CREATE TABLE) new to every clinic of the run; default concurrency = MIGRATE_CONCURRENCY`,
        `(${defaultConcurrency}). Per clinic: open an admin connection, apply, re-grant the clinic role, record the schema`,
        `version in the registry. Runs in this order: ${sizes.small} clinics (x2), then the probes applied to the`,
        `template, ${sizes.large - sizes.small} more clinics copied from it, then all ${sizes.large} (x2). With its own list migrateAll`,
        `does not rebuild the template, so these times leave that step out (a few hundred ms per server).`,
        `Clinics provisioned 4 at a time: ${sizes.small} in ${seconds(provisionMs[0])}, ${sizes.large - sizes.small} in ${seconds(provisionMs[1])}.`,
        `One admin connection (connect, SCRAM, one query, close): ${connectMs.toFixed(1)} ms median; each clinic opens three`,
        '(the migration DataSource, then two for the grants) besides the registry pool.',
      ];
      if (totalFailures > 0) lines.push(`WARNING: ${totalFailures} clinic migration(s) failed or did not apply exactly one migration.`);
      const figure = (r: Run): ScenarioReport['figures'][number] => ({
        name: `${r.clinics} clinics, concurrency ${r.concurrency}: wall time`,
        value: seconds(r.wallMs),
      });
      return {
        lines,
        figures: [
          ...runs.map(figure),
          { name: 'clinic migrations failed', value: String(totalFailures), goal: '0', met: totalFailures === 0 },
        ],
      };
    } finally {
      await installation.close();
    }
  },
};
