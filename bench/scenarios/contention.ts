import os from 'node:os';
import { withAdmin } from '../environment';
import { median, table } from '../report';
import type { BenchContext, Figure, Scenario, ScenarioReport } from '../scenario';
import {
  createPractitioner,
  createTreatment,
  insertPatients,
  localDate,
  localMinute,
  ms,
  percentileOf,
  SCALING,
  schedulingClinic,
  WorkerClient,
  ZONE,
  type ClientRun,
  type SchedulingClinic,
} from './slots-support';

/*
 * Booking under contention (issue 7): 50 concurrent POST /appointments for one slot. The database's exclusion
 * constraint must let exactly one through; the others get 409 SLOT_TAKEN with alternatives. And "first available"
 * (no practitioner_id) with 3 practitioners free: exactly 3 through, each with a different practitioner.
 *
 * The requests are fetches started together (Promise.all) in a worker thread of the bench process, so the client
 * never shares the API's event loop; each request is a different patient.
 */

const REQUESTS = 50;
const PRACTITIONERS = 3;

interface Round {
  label: string;
  start: string;
  expected: number;
  run: ClientRun;
  successes: number;
  taken: number;
  /** Anything but 201 and 409 SLOT_TAKEN with alternatives: `status code` -> count. */
  others: Map<string, number>;
  /** Booked rows at that start, per practitioner, read back from the database. */
  rows: number;
  distinctPractitioners: number;
}

export const contention: Scenario = {
  name: 'contention',
  title: 'Booking under contention: 50 concurrent requests for one slot',
  run,
};

async function run(ctx: BenchContext): Promise<ScenarioReport> {
  const fixedSlots = ctx.pick(5, 2);
  const anySlots = ctx.pick(2, 1);
  const load = os.loadavg()[0];
  const installation = await ctx.installation({ tenantPoolSize: 2, tenantMaxConnections: 60 });
  const client = new WorkerClient();
  try {
    ctx.progress(`contention: one clinic, ${PRACTITIONERS} practitioners through the API, ${REQUESTS} patients as admin`);
    const clinic = await schedulingClinic(installation, ctx.postgres.adminUrl);
    const treatmentId = await createTreatment(clinic, SCALING);
    const practitioners: string[] = [];
    for (let i = 1; i <= PRACTITIONERS; i++) practitioners.push(await createPractitioner(clinic, `P${String(i).padStart(2, '0')}`, [treatmentId]));
    const patients = await insertPatients(ctx.postgres.adminUrl, clinic, REQUESTS);

    const burst = async (label: string, start: string, practitionerId: string | undefined, expected: number): Promise<Round> => {
      const url = `${clinic.api.baseUrl}${clinic.base}/appointments`;
      const headers = { authorization: `Bearer ${clinic.token}`, 'content-type': 'application/json' };
      const requests = patients.map((patientId) => ({
        method: 'POST' as const,
        url,
        headers,
        body: JSON.stringify({ patient_id: patientId, treatment_id: treatmentId, practitioner_id: practitionerId, start }),
      }));
      const result = await client.run(requests, true);
      return tally(ctx, clinic, label, start, expected, result);
    };

    // Warm-up (reported in one line): JIT, pools, the client's 50 keep-alive connections.
    ctx.progress(`contention: warm-up burst of ${REQUESTS}`);
    const warmup = await burst('warm-up', localMinute(localDate(2), 9 * 60).toISO() ?? '', practitioners[0], 1);

    const rounds: Round[] = [];
    for (let i = 0; i < fixedSlots; i++) {
      const start = localMinute(localDate(3 + i), 10 * 60).toISO() ?? '';
      ctx.progress(`contention: ${REQUESTS} concurrent bookings of P01 at ${start}`);
      rounds.push(await burst('P01', start, practitioners[0], 1));
    }
    for (let i = 0; i < anySlots; i++) {
      const start = localMinute(localDate(3 + i), 15 * 60).toISO() ?? '';
      ctx.progress(`contention: ${REQUESTS} concurrent "first available" bookings at ${start}`);
      rounds.push(await burst(`any of ${PRACTITIONERS}`, start, undefined, PRACTITIONERS));
    }

    const fixed = rounds.filter((r) => r.expected === 1);
    const any = rounds.filter((r) => r.expected !== 1);
    const others = rounds.reduce((sum, r) => sum + [...r.others.values()].reduce((a, b) => a + b, 0), 0);
    const correct = (r: Round): boolean => r.successes === r.expected && r.rows === r.expected && r.distinctPractitioners === r.expected && r.taken === REQUESTS - r.expected;
    const lines = [
      `Load average when the scenario started: ${load.toFixed(1)} (${os.cpus().length} cores; other processes on the machine disturb the figures).`,
      `One clinic (${ZONE}), scaling ${SCALING.durationMinutes} min + ${SCALING.bufferAfterMinutes} min, ${PRACTITIONERS} practitioners working office hours,`,
      `TENANT_POOL_SIZE=2 (the product default). Per slot: ${REQUESTS} POST /api/clinics/:id/appointments, one per patient, started`,
      'together (Promise.all of fetches in a worker thread); latency = fetch until the body is read; req/s = 50 / wall time.',
      `Expected: exactly 1 × 201 for one practitioner (${REQUESTS - 1} × 409 SLOT_TAKEN with alternatives), exactly ${PRACTITIONERS} × 201 for "first`,
      `available" with ${PRACTITIONERS} free practitioners (each a different one); "db" counts the booked rows read back at that start.`,
      `Warm-up burst first (another slot): ${warmup.successes} × 201, ${warmup.taken} × 409 SLOT_TAKEN, wall ${ms(warmup.run.wallMs)} ms.`,
      '',
      table(
        ['slot', 'start', '201', '409 taken', 'other', 'db', 'wall ms', 'req/s', 'p50 ms', 'p99 ms', 'ok'],
        rounds.map((r) => {
          const times = r.run.responses.map((x) => x.ms);
          return [
            r.label,
            r.start,
            String(r.successes),
            String(r.taken),
            r.others.size === 0 ? '0' : [...r.others].map(([k, v]) => `${v}×${k}`).join(' '),
            `${r.rows}/${r.distinctPractitioners}p`,
            ms(r.run.wallMs),
            (REQUESTS / (r.run.wallMs / 1000)).toFixed(0),
            ms(percentileOf(times, 50)),
            ms(percentileOf(times, 99)),
            correct(r) ? 'yes' : 'NO',
          ];
        }),
      ),
    ];
    const wrong = rounds.filter((r) => !correct(r));
    if (wrong.length > 0) lines.push('', `WARNING: ${wrong.length} slot(s) did not end as expected.`);
    const rate = (rs: Round[]): string => median(rs.map((r) => REQUESTS / (r.run.wallMs / 1000))).toFixed(0);
    const p99 = (rs: Round[]): string => ms(median(rs.map((r) => percentileOf(r.run.responses.map((x) => x.ms), 99))));
    const figures: Figure[] = [
      { name: 'successes per slot, one practitioner', value: fixed.map((r) => r.successes).join(', '), goal: 'exactly 1', met: fixed.every(correct) },
      { name: `successes per slot, first available of ${PRACTITIONERS}`, value: any.map((r) => r.successes).join(', '), goal: `exactly ${PRACTITIONERS}`, met: any.every(correct) },
      { name: 'answers other than 201 / 409 SLOT_TAKEN', value: String(others), goal: '0', met: others === 0 },
      { name: 'requests/s, one practitioner (median)', value: rate(fixed) },
      { name: 'p99 ms, one practitioner (median)', value: p99(fixed) },
      { name: 'requests/s, first available (median)', value: rate(any) },
      { name: 'p99 ms, first available (median)', value: p99(any) },
    ];
    return { lines, figures };
  } finally {
    await client.close();
    await installation.close();
  }
}

async function tally(ctx: BenchContext, clinic: SchedulingClinic, label: string, start: string, expected: number, run: ClientRun): Promise<Round> {
  let successes = 0;
  let taken = 0;
  const others = new Map<string, number>();
  for (const r of run.responses) {
    if (r.status === 201) successes++;
    else if (r.status === 409 && r.code === 'SLOT_TAKEN' && (r.alternatives ?? 0) > 0) taken++;
    else {
      const key = r.status === 0 ? `error ${r.error ?? ''}` : `${r.status}${r.code ? ` ${r.code}` : ''}${r.status === 409 ? ` (${r.alternatives ?? 0} alternatives)` : ''}`;
      others.set(key, (others.get(key) ?? 0) + 1);
    }
  }
  const booked = await withAdmin(ctx.postgres.adminUrl, clinic.databaseName, async (c) =>
    (await c.query<{ practitioner_id: string; n: number }>(
      `SELECT practitioner_id, count(*)::int AS n FROM appointments WHERE starts_at = $1 AND status = 'booked' GROUP BY practitioner_id`,
      [new Date(start)],
    )).rows,
  );
  return { label, start, expected, run, successes, taken, others, rows: booked.reduce((sum, b) => sum + b.n, 0), distinctPractitioners: booked.length };
}
