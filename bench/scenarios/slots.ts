import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import { anyPractitionerSlots, computeSlots, type BusyInterval, type PractitionerSlots, type SlotQuery } from '@sophie/appointments';
import { OFFICE_HOURS } from '../../test/support/scheduling';
import { withAdmin } from '../environment';
import { median, table } from '../report';
import type { BenchContext, BenchInstallation, Figure, Scenario, ScenarioReport } from '../scenario';
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
  updateSettings,
  WorkerClient,
  ZONE,
  type ClientRequest,
  type SchedulingClinic,
} from './slots-support';

/*
 * Slots (issue 7): the time to compute 60 days of slots for one practitioner with 500 existing appointments, and
 * for "any practitioner" over 10 practitioners. Baselines in the same run: the same query for a practitioner
 * without appointments, and the pure engine (computeSlots) on the same inputs, without I/O nor JSON.
 *
 * One clinic (Europe/Paris), the scaling treatment (30 min + 10 min clean-up) and a 15-minute check-up, both offered
 * by 10 practitioners working office hours every day. Booked check-ups, inserted with an admin connection on the
 * 15-minute grid within working hours over the next 60 days: 500 for P01, 50 each for P02–P09, none for P10.
 */

const DAYS = 60;
const PRACTITIONERS = 10;
/** Check-ups booked per practitioner, P01 first; P10 (none) is the baseline. */
const BOOKED = [500, 50, 50, 50, 50, 50, 50, 50, 50, 0];
const CHECKUP = { name: 'Contrôle', durationMinutes: 15, bufferBeforeMinutes: 0, bufferAfterMinutes: 0 };
const WARMUP = 3;
const MS_PER_DAY = 86_400_000;

interface SlotsBody {
  time_zone: string;
  from: string;
  to: string;
  slots: Array<{ start: string; end: string; practitioner_ids: string[] }>;
}

interface Booked {
  practitionerId: string;
  from: number;
  to: number;
}

interface Setup {
  clinic: SchedulingClinic;
  treatmentId: string;
  practitioners: string[];
  booked: Booked[];
  /** The asked window: local midnight of tomorrow to local midnight 60 days later. */
  fromDate: string;
  toDate: string;
}

export const slots: Scenario = {
  name: 'slots',
  title: 'Slots: 60 days for one practitioner with 500 appointments, and for any of 10',
  run,
};

async function run(ctx: BenchContext): Promise<ScenarioReport> {
  const runs = ctx.pick(30, 10);
  const load = os.loadavg()[0];
  const installation = await ctx.installation({ tenantPoolSize: 2, tenantMaxConnections: 60 });
  const client = new WorkerClient();
  try {
    const setup = await prepare(ctx, installation);
    const variants = [
      { name: `P01 (${BOOKED[0]} appointments)`, practitionerId: setup.practitioners[0], appointments: BOOKED[0] },
      { name: `any of ${PRACTITIONERS}`, practitionerId: undefined, appointments: BOOKED.reduce((a, b) => a + b, 0) },
      { name: 'P10 (no appointments)', practitionerId: setup.practitioners[PRACTITIONERS - 1], appointments: 0 },
    ];
    const path = (practitionerId: string | undefined): string =>
      `${setup.clinic.base}/slots?treatmentId=${setup.treatmentId}${practitionerId ? `&practitionerId=${practitionerId}` : ''}&from=${setup.fromDate}&to=${setup.toDate}`;

    // The answers, checked once (in this process), before any timing.
    ctx.progress('slots: checking the answers');
    const answers: SlotsBody[] = [];
    for (const variant of variants) {
      const res = await setup.clinic.api.call<SlotsBody>('GET', path(variant.practitionerId), setup.clinic.token);
      if (res.status !== 200) throw new Error(`GET slots for ${variant.name}: ${res.status} ${JSON.stringify(res.body)}`);
      answers.push(res.body);
    }
    const checks = checkAnswers(setup, answers[0], answers[1], answers[2]);

    // Timing from the worker thread: warm-up, then `runs` rounds of the three variants, one request at a time.
    ctx.progress(`slots: ${WARMUP} warm-up calls and ${runs} timed calls per variant, one at a time`);
    const request = (practitionerId: string | undefined): ClientRequest => ({
      method: 'GET',
      url: `${setup.clinic.api.baseUrl}${path(practitionerId)}`,
      headers: { authorization: `Bearer ${setup.clinic.token}` },
    });
    const warmup = await client.run(Array.from({ length: WARMUP }, () => variants.map((v) => request(v.practitionerId))).flat(), false);
    const failedWarmup = warmup.responses.filter((r) => r.status !== 200);
    if (failedWarmup.length > 0) throw new Error(`slots warm-up: ${JSON.stringify(failedWarmup[0])}`);
    const timed = await client.run(Array.from({ length: runs }, () => variants.map((v) => request(v.practitionerId))).flat(), false);
    const rows = variants.map((variant, index) => {
      const responses = timed.responses.filter((_, i) => i % variants.length === index);
      const errors = responses.filter((r) => r.status !== 200).length;
      const times = responses.map((r) => r.ms);
      return {
        ...variant,
        slots: answers[index].slots.length,
        kib: responses[0].bytes / 1024,
        median: median(times),
        p95: percentileOf(times, 95),
        min: Math.min(...times),
        errors,
      };
    });

    ctx.progress('slots: the engine alone on the same inputs');
    const engine = await engineOnly(ctx, setup, answers);

    const lines = [
      `Load average when the scenario started: ${load.toFixed(1)} (${os.cpus().length} cores; other processes on the machine disturb the figures).`,
      `One clinic (${ZONE}), scaling ${SCALING.durationMinutes} min + ${SCALING.bufferAfterMinutes} min clean-up, ${PRACTITIONERS} practitioners working`,
      `09:00–12:00 and 14:00–17:00 every day, 15-minute grid. Booked 15-minute check-ups (admin INSERT, on the grid, within`,
      `hours, back to back from a quarter hour that varies by day, over the next ${DAYS} days): ${BOOKED.join(', ')} for P01..P10.`,
      `Window ${setup.fromDate} – ${setup.toDate} (${DAYS} local days). GET /api/clinics/:id/slots from a worker thread of the bench`,
      `process, one request at a time: ${WARMUP} warm-up rounds, then ${runs} rounds of the three variants in turn; time = fetch`,
      'until the whole body is read.',
      '',
      table(
        ['variant', 'appointments', 'slots', 'KiB', 'median ms', 'p95 ms', 'min ms', 'errors'],
        rows.map((r) => [r.name, String(r.appointments), String(r.slots), r.kib.toFixed(0), ms(r.median), ms(r.p95), ms(r.min), String(r.errors)]),
      ),
      '',
      `Engine alone (computeSlots on the same zone, settings, hours and busy intervals read back from the database; no I/O, no JSON), median of ${engine.iterations}:`,
      table(
        ['variant', 'engine ms', 'share of the API median'],
        engine.rows.map((r, i) => [r.name, r.ms.toFixed(2), `${((r.ms / rows[i].median) * 100).toFixed(0)} %`]),
      ),
      '',
      `Checks: ${checks.join('; ')}; the engine alone gave the same starts as the API for each variant.`,
      `What ${BOOKED[0]} appointments cost: ${(engine.rows[0].ms - engine.rows[2].ms).toFixed(2)} ms in the engine (P01 − P10); through the API P01 takes ` +
        `${ms(rows[0].median)} ms against ${ms(rows[2].median)} ms for P10, whose answer is longer (${rows[2].slots} slots against ${rows[0].slots}).`,
    ];
    const errors = rows.reduce((sum, r) => sum + r.errors, 0);
    if (errors > 0) lines.push(`WARNING: ${errors} timed request(s) did not answer 200.`);
    const figures: Figure[] = [
      { name: `1 practitioner, ${BOOKED[0]} appts, ${DAYS} days: median ms`, value: ms(rows[0].median) },
      { name: `any of ${PRACTITIONERS}, ${DAYS} days: median ms`, value: ms(rows[1].median) },
      { name: 'no appointments (baseline): median ms', value: ms(rows[2].median) },
      { name: 'engine only, 1 practitioner: ms', value: engine.rows[0].ms.toFixed(2) },
      { name: `engine only, any of ${PRACTITIONERS}: ms`, value: engine.rows[1].ms.toFixed(2) },
      { name: 'errors', value: String(errors), goal: '0', met: errors === 0 },
    ];
    return { lines, figures };
  } finally {
    await client.close();
    await installation.close();
  }
}

async function prepare(ctx: BenchContext, installation: BenchInstallation): Promise<Setup> {
  const adminUrl = ctx.postgres.adminUrl;
  ctx.progress(`slots: one clinic, 2 treatments, ${PRACTITIONERS} practitioners through the API`);
  const clinic = await schedulingClinic(installation, adminUrl);
  // The default horizon (60 days, counted from today) just covers the window; leave room.
  await updateSettings(clinic, { booking_horizon_days: DAYS + 30 });
  const treatmentId = await createTreatment(clinic, SCALING);
  const checkupId = await createTreatment(clinic, CHECKUP);
  const practitioners: string[] = [];
  for (let i = 1; i <= PRACTITIONERS; i++) practitioners.push(await createPractitioner(clinic, `P${String(i).padStart(2, '0')}`, [treatmentId, checkupId]));

  ctx.progress(`slots: ${BOOKED.reduce((a, b) => a + b, 0)} appointments inserted as admin`);
  const patients = await insertPatients(adminUrl, clinic, 100);
  const booked = plannedAppointments(practitioners);
  await withAdmin(adminUrl, clinic.databaseName, async (c) => {
    await c.query(
      `INSERT INTO appointments (practitioner_id, patient_id, treatment_id, starts_at, ends_at, blocked_from, blocked_to)
       SELECT a.practitioner_id, a.patient_id, $1, a.starts_at, a.ends_at, a.starts_at, a.ends_at
       FROM unnest($2::uuid[], $3::uuid[], $4::timestamptz[], $5::timestamptz[]) AS a (practitioner_id, patient_id, starts_at, ends_at)`,
      [
        checkupId,
        booked.map((b) => b.practitionerId),
        booked.map((_, i) => patients[i % patients.length]),
        booked.map((b) => new Date(b.from)),
        booked.map((b) => new Date(b.to)),
      ],
    );
    await c.query('VACUUM ANALYZE appointments');
  });
  return { clinic, treatmentId, practitioners, booked, fromDate: localDate(1), toDate: localDate(DAYS) };
}

/**
 * Check-ups spread evenly over local days 1..60: appointment i of a practitioner with n falls on day 1 + ⌊60 i / n⌋,
 * at distinct quarter hours of that day's working hours, back to back as a diary fills (no two overlap: the
 * exclusion constraint holds).
 */
function plannedAppointments(practitioners: string[]): Booked[] {
  const quarters = OFFICE_HOURS.filter((r) => r.weekday === 1).flatMap((r) => {
    const [start, end] = [r.start, r.end].map((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5)));
    return Array.from({ length: (end - start) / 15 }, (_, k) => start + 15 * k);
  });
  const booked: Booked[] = [];
  practitioners.forEach((practitionerId, p) => {
    const n = BOOKED[p];
    const perDay = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const day = 1 + Math.floor((DAYS * i) / n);
      const nth = perDay.get(day) ?? 0;
      perDay.set(day, nth + 1);
      if (nth >= quarters.length) throw new Error('More appointments than quarter hours in a day');
      // Back to back from a quarter that varies with the day and the practitioner (wrapping round the day's quarters).
      const quarter = quarters[(nth + 5 * day + 3 * p) % quarters.length];
      const start = localMinute(localDate(day), quarter);
      booked.push({ practitionerId, from: start.toMillis(), to: start.plus({ minutes: CHECKUP.durationMinutes }).toMillis() });
    }
  });
  return booked;
}

/** Non-empty answers, the window asked, and no slot overlapping a booked appointment of a practitioner it lists. */
function checkAnswers(setup: Setup, one: SlotsBody, any: SlotsBody, none: SlotsBody): string[] {
  const expectedFrom = DateTime.fromISO(setup.fromDate, { zone: ZONE }).toMillis();
  const expectedTo = DateTime.fromISO(setup.toDate, { zone: ZONE }).plus({ days: 1 }).toMillis();
  for (const body of [one, any, none]) {
    if (body.time_zone !== ZONE) throw new Error(`slots: time zone ${body.time_zone}`);
    if (Date.parse(body.from) !== expectedFrom || Date.parse(body.to) !== expectedTo) throw new Error(`slots: window ${body.from} – ${body.to}`);
    if (body.slots.length === 0) throw new Error('slots: an empty answer');
  }
  const blockedMs = (SCALING.durationMinutes + SCALING.bufferAfterMinutes) * 60_000;
  const beforeMs = SCALING.bufferBeforeMinutes * 60_000;
  const byPractitioner = new Map<string, Booked[]>();
  for (const b of setup.booked) byPractitioner.set(b.practitionerId, [...(byPractitioner.get(b.practitionerId) ?? []), b]);
  let checked = 0;
  for (const [body, only] of [[one, setup.practitioners[0]], [any, undefined]] as const) {
    for (const slot of body.slots) {
      const start = Date.parse(slot.start);
      for (const practitionerId of only ? [only] : slot.practitioner_ids) {
        for (const b of byPractitioner.get(practitionerId) ?? []) {
          if (start - beforeMs < b.to && start + blockedMs > b.from) {
            throw new Error(`slots: ${slot.start} of ${practitionerId} overlaps its appointment ${new Date(b.from).toISOString()}`);
          }
        }
        checked++;
      }
    }
  }
  const first = setup.practitioners[0];
  if (!any.slots.some((s) => s.practitioner_ids.includes(first))) throw new Error('slots: P01 never free in the any-practitioner answer');
  if (one.slots.length >= none.slots.length) throw new Error(`slots: P01 has ${one.slots.length} slots, P10 (no appointments) ${none.slots.length}`);
  return [
    `every answer non-empty (P01 ${one.slots.length} slots, any ${any.slots.length}, P10 ${none.slots.length})`,
    `none of ${checked} (slot, practitioner) pairs overlaps that practitioner's appointments`,
  ];
}

/** computeSlots (and anyPractitionerSlots) on the inputs SlotsService gathers, timed in this process. */
async function engineOnly(ctx: BenchContext, setup: Setup, answers: SlotsBody[]): Promise<{ iterations: number; rows: Array<{ name: string; ms: number }> }> {
  const from = new Date(DateTime.fromISO(setup.fromDate, { zone: ZONE }).toMillis());
  const to = new Date(DateTime.fromISO(setup.toDate, { zone: ZONE }).plus({ days: 1 }).toMillis());
  const facts = await withAdmin(ctx.postgres.adminUrl, setup.clinic.databaseName, async (c) => {
    const settings = (await c.query<{ slot: number; notice: number; horizon: number }>(
      'SELECT slot_interval_minutes AS slot, minimum_notice_minutes AS notice, booking_horizon_days AS horizon FROM clinic_settings',
    )).rows[0];
    const busy = (await c.query<{ practitioner_id: string; start: Date; end: Date }>(
      `SELECT practitioner_id, blocked_from AS start, blocked_to AS "end" FROM appointments
       WHERE status <> 'cancelled' AND tstzrange(blocked_from, blocked_to) && tstzrange($1, $2)`,
      [new Date(from.getTime() - MS_PER_DAY), new Date(to.getTime() + MS_PER_DAY)],
    )).rows;
    return { settings, busy };
  });
  const query = (practitionerId: string): SlotQuery => ({
    zone: ZONE,
    range: { from, to },
    now: new Date(),
    settings: { slotIntervalMinutes: facts.settings.slot, minimumNoticeMinutes: facts.settings.notice, horizonDays: facts.settings.horizon },
    treatment: { durationMinutes: SCALING.durationMinutes, bufferBeforeMinutes: SCALING.bufferBeforeMinutes, bufferAfterMinutes: SCALING.bufferAfterMinutes },
    workingHours: OFFICE_HOURS.map((r) => ({ weekday: r.weekday as 1 | 2 | 3 | 4 | 5 | 6 | 7, start: r.start, end: r.end })),
    closures: [],
    busy: facts.busy.filter((b) => b.practitioner_id === practitionerId).map((b): BusyInterval => ({ start: b.start, end: b.end })),
  });
  const [first, last] = [setup.practitioners[0], setup.practitioners[PRACTITIONERS - 1]];
  const cases = [
    { name: `P01 (${BOOKED[0]} appointments)`, compute: () => computeSlots(query(first)).map((s) => s.start.getTime()) },
    {
      name: `any of ${PRACTITIONERS}`,
      compute: () => anyPractitionerSlots(setup.practitioners.map((id): PractitionerSlots => ({ practitionerId: id, slots: computeSlots(query(id)) }))).map((s) => s.start.getTime()),
    },
    { name: 'P10 (no appointments)', compute: () => computeSlots(query(last)).map((s) => s.start.getTime()) },
  ];
  cases.forEach((c, i) => {
    const api = answers[i].slots.map((s) => Date.parse(s.start));
    const mine = c.compute();
    if (mine.length !== api.length || mine.some((start, k) => start !== api[k])) {
      throw new Error(`slots: the engine alone gave ${mine.length} starts for ${c.name}, the API ${api.length}`);
    }
  });
  const iterations = ctx.pick(50, 20);
  const rows = cases.map((c) => {
    for (let i = 0; i < WARMUP; i++) c.compute();
    const times: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const started = performance.now();
      c.compute();
      times.push(performance.now() - started);
    }
    return { name: c.name, ms: median(times) };
  });
  return { iterations, rows };
}
