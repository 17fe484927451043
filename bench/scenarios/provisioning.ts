import { performance } from 'node:perf_hooks';
import { mapWithConcurrency, ServerAdmin } from '@sophie/tenancy';
import type { Api } from '../installation';
import { median, table } from '../report';
import type { BenchContext, Scenario, ScenarioReport } from '../scenario';
import { benchProfile, ensureTemplate, ms, percentile, ProvisioningParts, provisioningParts, seconds, templateState } from './provisioning-helpers';

/**
 * Provisioning (issue 7): the time to provision one clinic from the server's migrated template
 * (the normal path) against creating its database empty and migrating it from scratch (the path
 * the product takes when the template is missing or stale), and the wall time to provision 100
 * clinics through `POST /api/superadmin/clinics`, one at a time and 4 at a time.
 */

interface Series {
  name: string;
  durations: number[];
  wallMs?: number;
}

/** Staling the template's schema tag makes ProvisioningService take its from-scratch path. */
async function staleTemplate(parts: ProvisioningParts): Promise<void> {
  await new ServerAdmin(parts.server).setDatabaseComment(parts.templates.templateName, 'sophie-clinic-template schema=bench-stale');
  if (await parts.templates.isCurrent(parts.server)) throw new Error('The template still reads as current');
}

/** Sequential provisions through the service, each timed; `fromTemplate` must be as expected. */
async function serviceSeries(
  ctx: BenchContext,
  parts: ProvisioningParts,
  name: string,
  count: number,
  fromTemplate: boolean,
  nextIndex: () => number,
): Promise<Series> {
  const durations: number[] = [];
  for (let i = 0; i < count; i++) {
    if (!fromTemplate) await staleTemplate(parts);
    const started = performance.now();
    const outcome = await parts.provisioning.provision(benchProfile(nextIndex()));
    durations.push(performance.now() - started);
    if (outcome.fromTemplate !== fromTemplate) throw new Error(`${name}: clinic ${outcome.clinic.id} took the other path (fromTemplate ${outcome.fromTemplate})`);
    // The from-scratch path rebuilds the template in the background: let it finish, outside the
    // measured time, so that it does not run under the next measurement.
    if (!fromTemplate) await ensureTemplate(parts);
  }
  ctx.progress(`provisioning: ${name}: median ${ms(median(durations))} ms over ${count}`);
  return { name, durations };
}

/** Provisions through the API, `concurrency` requests at a time; each POST and the whole run timed. */
async function apiSeries(ctx: BenchContext, api: Api, token: string, name: string, count: number, concurrency: number, nextIndex: () => number): Promise<Series> {
  const durations: number[] = [];
  const indexes = Array.from({ length: count }, () => nextIndex());
  let done = 0;
  const started = performance.now();
  await mapWithConcurrency(indexes, concurrency, async (i) => {
    const profile = benchProfile(i);
    const body = { name: profile.name, timezone: profile.timezone, phone: profile.phone, address: profile.address, email: profile.email };
    const t0 = performance.now();
    const res = await api.call<{ id: string }>('POST', '/api/superadmin/clinics', token, body);
    durations.push(performance.now() - t0);
    if (res.status !== 201) throw new Error(`${name}: POST /api/superadmin/clinics answered ${res.status} ${JSON.stringify(res.body)}`);
    done += 1;
    if (done % 25 === 0 && done < count) ctx.progress(`provisioning: ${name}: ${done}/${count}`);
  });
  const wallMs = performance.now() - started;
  ctx.progress(`provisioning: ${name}: ${count} clinics in ${seconds(wallMs)}`);
  return { name, durations, wallMs };
}

export const provisioning: Scenario = {
  name: 'provisioning',
  title: 'Provisioning: from the template against from scratch',
  async run(ctx: BenchContext): Promise<ScenarioReport> {
    const sizes = { template: ctx.pick(15, 8), scratch: ctx.pick(5, 3), wall: ctx.pick(100, 30), parallel: 4 };
    const installation = await ctx.installation();
    try {
      const parts = await provisioningParts(installation.app);
      let index = 0;
      const nextIndex = (): number => ++index;

      // A new installation has no template: the product builds it on the first from-scratch provisioning.
      const templateBuildMs = await ensureTemplate(parts);
      ctx.progress(`provisioning: template built in ${ms(templateBuildMs)} ms`);
      // Warm-up (JIT, pools, PostgreSQL caches), not measured.
      await serviceSeries(ctx, parts, 'warm-up', 3, true, nextIndex);

      const template = await serviceSeries(ctx, parts, 'from the template', sizes.template, true, nextIndex);
      const scratch = await serviceSeries(ctx, parts, 'from scratch', sizes.scratch, false, nextIndex);

      // The API runs: the template must stay current (and not be rebuilt) throughout, so every
      // POST copied it (ProvisioningService copies whenever the template is current).
      const before = await templateState(parts);
      const sequential = await apiSeries(ctx, installation.api, installation.token, 'API, one at a time', sizes.wall, 1, nextIndex);
      const parallel = await apiSeries(ctx, installation.api, installation.token, `API, ${sizes.parallel} at a time`, sizes.wall, sizes.parallel, nextIndex);
      const after = await templateState(parts);
      if (!before.current || !after.current || before.oid !== after.oid) {
        throw new Error(`The template changed during the API runs (${JSON.stringify(before)} → ${JSON.stringify(after)}): not every clinic was copied`);
      }

      const templateMedian = median(template.durations);
      const scratchMedian = median(scratch.durations);
      const ratio = scratchMedian / templateMedian;
      const row = (s: Series, how: string): string[] => [
        s.name,
        how,
        String(s.durations.length),
        ms(median(s.durations)),
        ms(percentile(s.durations, 90)),
        ms(Math.min(...s.durations)),
        ms(Math.max(...s.durations)),
        s.wallMs === undefined ? '' : seconds(s.wallMs),
      ];
      const lines = [
        table(
          ['path', 'how', 'clinics', 'median ms', 'p90 ms', 'min ms', 'max ms', 'wall time'],
          [
            row(template, 'ProvisioningService, sequential'),
            row(scratch, 'ProvisioningService, sequential, template staled'),
            row(sequential, 'POST /api/superadmin/clinics, 1 at a time'),
            row(parallel, `POST /api/superadmin/clinics, ${sizes.parallel} at a time`),
          ],
        ),
        '',
        `from scratch / from the template = ${ratio.toFixed(1)}x (medians)`,
        `building the template (empty database + every clinic migration): ${ms(templateBuildMs)} ms`,
        'Per clinic: role, database (copied from the template, or created empty and migrated), grants, registry',
        'record and status. From scratch, the template is staled (its schema tag changed) before each clinic and its',
        'background rebuild awaited after, outside the measured time. The API rows include HTTP, auth and the audit',
        'record; the template stayed current (same database, same tag) throughout them, so every POST copied it.',
      ];
      return {
        lines,
        figures: [
          { name: 'per clinic, from the template (median)', value: `${ms(templateMedian)} ms` },
          { name: 'per clinic, from scratch (median)', value: `${ms(scratchMedian)} ms` },
          { name: 'from scratch / from the template', value: `${ratio.toFixed(1)}x` },
          { name: `wall time, ${sizes.wall} clinics via the API, 1 at a time`, value: seconds(sequential.wallMs ?? Number.NaN) },
          { name: `wall time, ${sizes.wall} clinics via the API, ${sizes.parallel} at a time`, value: seconds(parallel.wallMs ?? Number.NaN) },
        ],
      };
    } finally {
      await installation.close();
    }
  },
};
