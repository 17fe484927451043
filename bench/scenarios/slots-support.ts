import { Worker } from 'node:worker_threads';
import { DateTime } from 'luxon';
import { OFFICE_HOURS } from '../../test/support/scheduling';
import { withAdmin } from '../environment';
import { clinicDatabases, provisionClinics, type Api } from '../installation';
import { percentile } from '../load';
import type { BenchInstallation } from '../scenario';

/*
 * What the slots and contention scenarios share: a clinic with treatments, practitioners working office hours
 * and patients, set up through the API (and, for bulk rows, an admin connection), and an HTTP client running in a
 * worker thread so that timing requests never shares the API's event loop (the API runs in the bench process).
 */

export const ZONE = 'Europe/Paris';

/** One clinic of an installation, with what its setup calls need. */
export interface SchedulingClinic {
  id: string;
  databaseName: string;
  /** `/api/clinics/<id>` */
  base: string;
  api: Api;
  token: string;
}

/** Provisions one clinic (Europe/Paris) through the real path. */
export async function schedulingClinic(installation: BenchInstallation, adminUrl: string): Promise<SchedulingClinic> {
  const [id] = await provisionClinics(installation.api, installation.token, 1);
  const [clinic] = await clinicDatabases(adminUrl, installation.prefix, [id]);
  return { id, databaseName: clinic.databaseName, base: `/api/clinics/${id}`, api: installation.api, token: installation.token };
}

async function expect<T>(clinic: SchedulingClinic, method: string, path: string, status: number, body?: unknown): Promise<T> {
  const res = await clinic.api.call<T>(method, `${clinic.base}${path}`, clinic.token, body);
  if (res.status !== status) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export interface TreatmentTiming {
  name: string;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
}

/** The scaling of test/support/scheduling: 30 minutes, 10 minutes of clean-up after. */
export const SCALING: TreatmentTiming = { name: 'Détartrage', durationMinutes: 30, bufferBeforeMinutes: 0, bufferAfterMinutes: 10 };

export async function createTreatment(clinic: SchedulingClinic, timing: TreatmentTiming): Promise<string> {
  const body = await expect<{ id: string }>(clinic, 'POST', '/treatments', 201, {
    name: { fr: timing.name, en: timing.name },
    duration_minutes: timing.durationMinutes,
    buffer_before_minutes: timing.bufferBeforeMinutes,
    buffer_after_minutes: timing.bufferAfterMinutes,
  });
  return body.id;
}

/** A practitioner working OFFICE_HOURS (every day 09:00–12:00, 14:00–17:00) who offers these treatments (createPractitioner of the tests). */
export async function createPractitioner(clinic: SchedulingClinic, lastName: string, treatmentIds: string[]): Promise<string> {
  const { id } = await expect<{ id: string }>(clinic, 'POST', '/practitioners', 201, { first_name: 'Dr', last_name: lastName, specialty: 'Dentist' });
  await expect(clinic, 'PUT', `/practitioners/${id}/working-hours`, 200, { ranges: OFFICE_HOURS });
  await expect(clinic, 'PUT', `/practitioners/${id}/treatments`, 200, { treatments: treatmentIds.map((treatment_id) => ({ treatment_id })) });
  return id;
}

/** Changes the clinic's booking settings (PATCH /api/clinics/:id). */
export async function updateSettings(clinic: SchedulingClinic, settings: Record<string, number>): Promise<void> {
  await expect(clinic, 'PATCH', '', 200, { settings });
}

/**
 * `count` patients inserted with an admin connection (the routing scenario's rows, but with random version-4 ids:
 * the API validates ids as UUIDs, which md5-made ids are not); their ids, in order.
 */
export async function insertPatients(adminUrl: string, clinic: SchedulingClinic, count: number): Promise<string[]> {
  return withAdmin(adminUrl, clinic.databaseName, async (c) => {
    await c.query(
      `INSERT INTO patients (id, first_name, last_name, phone, email, birth_date, has_social_insurance, created_at, updated_at)
       SELECT gen_random_uuid(), 'Prénom ' || g, 'Nom ' || g, '+3361' || lpad(g::text, 8, '0'), 'patient' || g || '@example.test',
              date '1940-01-01' + (g * 37 % 25000), g % 3 <> 0,
              timestamptz '2026-01-01 00:00:00+00' + g * interval '1 minute', timestamptz '2026-01-01 00:00:00+00' + g * interval '1 minute'
       FROM generate_series(1, $1::int) AS g`,
      [count],
    );
    await c.query('VACUUM ANALYZE patients');
    return (await c.query<{ id: string }>('SELECT id FROM patients ORDER BY created_at, id')).rows.map((row) => row.id);
  });
}

/** A local date `days` after today in the clinic's zone. */
export function localDate(days: number): string {
  return DateTime.now().setZone(ZONE).plus({ days }).toISODate() ?? '';
}

/** A local date and minute of the day in the clinic's zone, as an instant. */
export function localMinute(date: string, minute: number): DateTime {
  return DateTime.fromISO(date, { zone: ZONE }).startOf('day').set({ hour: Math.floor(minute / 60), minute: minute % 60 });
}

// ---------------------------------------------------------------------------------------------------------------
// The HTTP client in a worker thread.

export interface ClientRequest {
  method: 'GET' | 'POST';
  /** Absolute URL. */
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface ClientResponse {
  /** 0 when the request failed without an answer. */
  status: number;
  /** From the call to fetch until the whole body was read. */
  ms: number;
  bytes: number;
  /** The `code` of an error body (e.g. SLOT_TAKEN). */
  code?: string;
  /** How many alternatives an error body proposed (details.alternatives). */
  alternatives?: number;
  error?: string;
}

export interface ClientRun {
  /** From the first request started until the last answer was read. */
  wallMs: number;
  responses: ClientResponse[];
}

// Plain JavaScript: the worker is started from source (the bench is one webpack bundle, so no file to point at).
const CLIENT_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
async function one(request) {
  const started = performance.now();
  try {
    const res = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
    const text = await res.text();
    const ms = performance.now() - started;
    let code;
    let alternatives;
    if (res.status >= 400) {
      try {
        const body = JSON.parse(text);
        code = body.code;
        alternatives = body.details && Array.isArray(body.details.alternatives) ? body.details.alternatives.length : undefined;
      } catch { code = undefined; }
    }
    return { status: res.status, ms, bytes: text.length, code, alternatives };
  } catch (error) {
    return { status: 0, ms: performance.now() - started, bytes: 0, error: String(error && error.cause ? error.cause : error) };
  }
}
parentPort.on('message', async ({ id, requests, concurrent }) => {
  const started = performance.now();
  let responses;
  if (concurrent) {
    responses = await Promise.all(requests.map(one));
  } else {
    responses = [];
    for (const request of requests) responses.push(await one(request));
  }
  parentPort.postMessage({ id, run: { wallMs: performance.now() - started, responses } });
});
`;

/** Requests sent from a worker thread: all at once (Promise.all of fetches started together) or one after another. */
export class WorkerClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (run: ClientRun) => void; reject: (error: Error) => void }>();
  private readonly worker: Worker;

  constructor() {
    this.worker = new Worker(CLIENT_SOURCE, { eval: true });
    this.worker.on('message', (message: { id: number; run: ClientRun }) => {
      this.pending.get(message.id)?.resolve(message.run);
      this.pending.delete(message.id);
    });
    this.worker.on('error', (error) => {
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    });
  }

  run(requests: ClientRequest[], concurrent: boolean): Promise<ClientRun> {
    const id = this.nextId++;
    return new Promise<ClientRun>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, requests, concurrent });
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** Nearest-rank percentile of unsorted values. */
export function percentileOf(values: number[], p: number): number {
  return percentile(Float64Array.from(values).sort(), p);
}

export function ms(value: number): string {
  return Number.isFinite(value) ? value.toFixed(1) : 'n/a';
}
