import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from 'pg';
import { withDatabase } from '@sophie/common';
import { JobQueue } from '@sophie/queue';
import type { MetaSetup } from '../../test/support/whatsapp';
import { coreCount } from '../cpu';
import { withAdmin } from '../environment';
import { clinicDatabases, provisionClinics } from '../installation';
import type { LoadSpec, SignedWebhook } from '../load';
import { Measured, median, roundLine, table } from '../report';
import type { BenchContext, BenchInstallation, Scenario, ScenarioReport } from '../scenario';
import { BASELINE_TABLE, BASELINE_TABLE_SQL, startIntakeBaseline } from './webhook-baseline';

/** The product's default TENANT_POOL_SIZE; the baseline's pool has the same size. */
const POOL_SIZE = 2;
const CONNECTIONS = 16;
/**
 * Connections at half the peak. autocannon paces a rate with a quota per connection per second, sent back to back
 * from the start of each second: with 16 connections the server would be saturated for half of each second and
 * idle the rest, and the p99 would be the saturated one. Few connections spread the same rate over the second.
 */
const HALF_RATE_CONNECTIONS = 4;
const P99_GOAL_MS = 100;
const RATIO_GOAL = 0.5;

type VariantName = 'bare' | 'sophie';

interface Variant {
  name: VariantName;
  url: string;
  path: string;
  /** Rows stored so far: inbound messages (sophie) or baseline rows (bare). */
  table: string;
}

/** One load run and what the database gained meanwhile. */
interface Run {
  variant: VariantName;
  label: string;
  result: Measured;
  /** 2xx answers the load generator received. */
  acknowledged: number;
  /** Rows the run added, counted once the server had answered everything. */
  stored: number;
  /** True when the run was bounded by a request count: every request was answered, so stored must equal acknowledged. */
  exact: boolean;
}

/** A clinic's Meta credentials, as test/support/whatsapp.ts `newMetaSetup` makes them. */
function newMeta(): MetaSetup {
  return {
    phoneNumberId: String(100_000_000_000_000 + Math.floor(Math.random() * 899_999_999_999_999)),
    verifyToken: `verify-${randomBytes(12).toString('hex')}`,
    accessToken: `EAAG${randomBytes(24).toString('hex')}`,
    appSecret: randomBytes(16).toString('hex'),
  };
}

const ok = (r: Measured): number => Object.entries(r.statusCodes).reduce((sum, [code, n]) => sum + (code.startsWith('2') ? n : 0), 0);
const bad = (r: Measured): number => r.errors + r.non2xx;

/**
 * QUEUE_WORKERS=false is read as true by the product's configuration (class-transformer's implicit conversion:
 * Boolean('false') is true), so the API would process every stored message while intake is measured. Until that
 * is fixed, stop the workers the API started (none ran a job yet: nothing was queued). Answers whether it had to.
 */
async function stopWorkersIfStarted(installation: BenchInstallation): Promise<boolean> {
  if (!installation.config.queueWorkers) return false;
  const queue: JobQueue = installation.app.get(JobQueue, { strict: false });
  // A private method: the product has no public way to stop only the workers.
  await (queue as unknown as { stopWorkers(): Promise<void> }).stopWorkers();
  return true;
}

/** Counts rows until two counts 100 ms apart agree (requests still in the server when the load stopped), at most 5 s. */
async function settledCount(admin: Client, from: string): Promise<number> {
  const count = async (): Promise<number> => Number((await admin.query<{ n: string }>(`SELECT count(*) AS n FROM ${from}`)).rows[0].n);
  let last = await count();
  for (let i = 0; i < 50; i++) {
    await sleep(100);
    const now = await count();
    if (now === last) return now;
    last = now;
  }
  return last;
}

/** Webhook intake (issue 7, item 6): signed messages acknowledged per second, against one INSERT per message. */
export const webhookIntake: Scenario = {
  name: 'webhook-intake',
  title: 'Webhook intake',
  async run(ctx: BenchContext): Promise<ScenarioReport> {
    const durationSeconds = ctx.pick(8, 3);
    const warmupRequests = ctx.pick(400, 200);
    const rounds = ctx.pick(2, 1);
    const adminUrl = ctx.postgres.adminUrl;

    const installation = await ctx.installation({ tenantPoolSize: POOL_SIZE, env: { QUEUE_WORKERS: 'false' } });
    try {
      const workersStopped = await stopWorkersIfStarted(installation);
      const { api, token, prefix } = installation;
      const [clinicId] = await provisionClinics(api, token, 1);
      const [clinic] = await clinicDatabases(adminUrl, prefix, [clinicId]);
      const meta = newMeta();
      // As test/support/whatsapp.ts configureWhatsApp does.
      const put = await api.call('PUT', `/api/clinics/${clinicId}/whatsapp`, token, {
        phone_number_id: meta.phoneNumberId,
        verify_token: meta.verifyToken,
        access_token: meta.accessToken,
        webhook_secret: meta.appSecret,
      });
      if (put.status !== 200) throw new Error(`WhatsApp configuration: ${put.status} ${JSON.stringify(put.body)}`);
      await withAdmin(adminUrl, clinic.databaseName, (c) => c.query(BASELINE_TABLE_SQL));
      const baseline = await startIntakeBaseline(withDatabase(adminUrl, clinic.databaseName), POOL_SIZE, meta.appSecret);
      const closeBaseline = ctx.cleanup.add('close the webhook intake baseline', () => baseline.close());
      try {
        const signedWebhook: SignedWebhook = { appSecret: meta.appSecret, phoneNumberId: meta.phoneNumberId, from: '33612345678' };
        const path = `/webhook/whatsapp/${clinicId}`;
        const variants: Variant[] = [
          { name: 'bare', url: baseline.url, path, table: BASELINE_TABLE },
          { name: 'sophie', url: api.baseUrl, path, table: `messages WHERE direction = 'in'` },
        ];
        const measure = (loadSpec: LoadSpec): Promise<Measured> => ctx.measure(loadSpec);

        return await withAdmin(adminUrl, clinic.databaseName, async (admin) => {
          const runs: Run[] = [];
          /** A timed run (`seconds`) or, with `amount`, one that ends when that many requests are answered. */
          const run = async (v: Variant, label: string, load: { seconds: number; connections?: number; amount?: number; overallRate?: number }): Promise<Run> => {
            const before = await settledCount(admin, v.table);
            const result = await measure({
              url: v.url,
              paths: [v.path],
              headers: {},
              connections: load.connections ?? CONNECTIONS,
              durationSeconds: load.seconds,
              signedWebhook,
              ...(load.amount === undefined ? {} : { amount: load.amount }),
              ...(load.overallRate === undefined ? {} : { overallRate: load.overallRate }),
            });
            const stored = (await settledCount(admin, v.table)) - before;
            const entry: Run = { variant: v.name, label, result, acknowledged: ok(result), stored, exact: load.amount !== undefined };
            runs.push(entry);
            return entry;
          };

          ctx.progress(`webhook-intake: warm-up, ${warmupRequests} requests per variant`);
          for (const v of variants) await run(v, 'warm-up', { seconds: durationSeconds, amount: warmupRequests });
          const cores = coreCount();
          const lines: string[] = [];
          for (let round = 1; round <= rounds; round++) {
            for (const v of variants) {
              ctx.progress(`webhook-intake: round ${round}/${rounds} ${v.name}, ${durationSeconds} s at full speed`);
              lines.push(roundLine(v.name, round, (await run(v, `peak ${round}`, { seconds: durationSeconds })).result, cores));
            }
          }
          const peak = (name: VariantName): Measured[] => runs.filter((r) => r.variant === name && r.label.startsWith('peak')).map((r) => r.result);
          const peakRate = (name: VariantName): number => median(peak(name).map((r) => r.requestsPerSecond));
          const ratio = peakRate('sophie') / peakRate('bare');
          // A multiple of the connections: every connection gets the same quota per second.
          const halfRate = HALF_RATE_CONNECTIONS * Math.max(1, Math.round(peakRate('sophie') / 2 / HALF_RATE_CONNECTIONS));
          const half = {} as Record<VariantName, Measured>;
          for (const v of variants) {
            ctx.progress(`webhook-intake: ${v.name}, ${halfRate * durationSeconds} requests at ${halfRate} req/s (half the product's peak)`);
            const load = { seconds: durationSeconds, connections: HALF_RATE_CONNECTIONS, amount: halfRate * durationSeconds, overallRate: halfRate };
            half[v.name] = (await run(v, 'half', load)).result;
            lines.push(roundLine(`${v.name}@½`, 1, half[v.name], cores));
          }

          // Every 2xx is a stored message; a timed run may also store what was in flight when the load stopped.
          const total = (name: VariantName, of: (r: Run) => number): number => runs.filter((r) => r.variant === name).reduce((s, r) => s + of(r), 0);
          const consistent = (name: VariantName): boolean =>
            runs.filter((r) => r.variant === name).every((r) => (r.exact ? r.stored === r.acknowledged : r.stored >= r.acknowledged && r.stored - r.acknowledged <= CONNECTIONS));
          const errors = { bare: total('bare', (r) => bad(r.result)), sophie: total('sophie', (r) => bad(r.result)) };
          const storedOk = consistent('sophie') && errors.sophie === 0;
          const p99 = half.sophie.p99;
          const cpu = (name: VariantName): string => {
            const rs = peak(name);
            const per = (ms: number | undefined, r: Measured): number | undefined => (ms === undefined ? undefined : ms / Math.max(1, r.responses));
            const pgs = rs.map((r) => per(r.postgresCpuMs, r)).filter((v): v is number => v !== undefined);
            const pg = pgs.length === rs.length ? median(pgs).toFixed(2) : 'n/a';
            return `${median(rs.map((r) => r.serverCpuMs / Math.max(1, r.responses))).toFixed(2)} / ${pg}`;
          };

          const report = [
            `One installation with QUEUE_WORKERS=false: only intake runs (jobs are queued in the registry, never worked)` +
              (workersStopped ? '; the API read QUEUE_WORKERS=false as true (product bug), so the bench stopped its workers before any job.' : '.'),
            `One clinic with its WhatsApp configuration (PUT /api/clinics/:id/whatsapp), TENANT_POOL_SIZE=${POOL_SIZE} (the product default).`,
            `Every request is built in the load worker: a Meta notification with one text message from one sender and a NEW wamid,`,
            `signed (x-hub-signature-256 of its exact bytes).`,
            `- sophie: POST /webhook/whatsapp/:clinicId (signature, payload, one transaction storing the message and touching its`,
            `  conversation, a pg-boss job in the registry, then 200).`,
            `- bare: a node:http server in the bench process that checks the same signature, then ONE INSERT INTO ${BASELINE_TABLE}(id, body)`,
            `  … ON CONFLICT DO NOTHING (autocommit) into the same clinic database (pg Pool of ${POOL_SIZE}, superuser), then 200.`,
            `${CONNECTIONS} connections; ${warmupRequests} requests warm-up each, ${rounds} interleaved round(s) of ${durationSeconds} s at full speed (median),`,
            `then ${halfRate * durationSeconds} requests each at ${halfRate} req/s (half the product's peak) over ${HALF_RATE_CONNECTIONS} connections: autocannon sends`,
            `each connection's quota for a second back to back, so ${CONNECTIONS} connections would saturate the server for half of each second.`,
            `"stored" counts the rows each variant added once the server had answered everything; a timed run may also store up`,
            `to ${CONNECTIONS} requests that were in flight when the load stopped.`,
            '',
            table(
              ['variant', 'peak req/s', `p50 ms @${halfRate}/s`, `p99 ms @${halfRate}/s`, 'cpu ms/req api / pg', 'errors', '2xx', 'stored'],
              variants.map((v) => [
                v.name,
                peakRate(v.name).toFixed(1),
                half[v.name].p50.toFixed(2),
                half[v.name].p99.toFixed(2),
                cpu(v.name),
                String(errors[v.name]),
                String(total(v.name, (r) => r.acknowledged)),
                String(total(v.name, (r) => r.stored)),
              ]),
            ),
            '',
            `ratio sophie / bare: ${ratio.toFixed(2)} (goal >= ${RATIO_GOAL}); p99 at half the peak: ${p99.toFixed(2)} ms (goal < ${P99_GOAL_MS} ms);`,
            `stored = acknowledged: ${storedOk ? 'yes' : 'NO'} (per run, sophie: ${runs
              .filter((r) => r.variant === 'sophie')
              .map((r) => `${r.label} ${r.stored}/${r.acknowledged}`)
              .join(', ')}), errors ${errors.sophie}.`,
            '',
            ...lines,
          ];
          return {
            lines: report,
            figures: [
              { name: 'sophie req/s', value: peakRate('sophie').toFixed(1) },
              { name: 'bare INSERT req/s', value: peakRate('bare').toFixed(1) },
              { name: 'ratio sophie / bare', value: ratio.toFixed(2), goal: `>= ${RATIO_GOAL}`, met: ratio >= RATIO_GOAL },
              { name: 'p99 at half the peak', value: `${p99.toFixed(1)} ms @${halfRate}/s`, goal: `< ${P99_GOAL_MS} ms`, met: p99 < P99_GOAL_MS },
              { name: 'stored = acknowledged, 0 errors', value: storedOk ? 'yes' : 'no', goal: 'yes', met: storedOk },
            ],
          };
        });
      } finally {
        await closeBaseline();
      }
    } finally {
      await installation.close();
    }
  },
};
