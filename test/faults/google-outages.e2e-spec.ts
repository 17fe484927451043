import { internalError, tooManyRequests } from '../fakes/google-fake';
import { CalendarWorld, linkCalendar, startCalendarWorld } from '../support/calendar';
import { dayAhead, localInstant } from '../support/scheduling';
import { eventually } from '../support/whatsapp';
import { JobClock, backoffWindow } from './support/job-clock';

const ZONE = 'Europe/Paris';
/** Our Google client's timeout here: the fake holds an answer longer than this. */
const GOOGLE_TIMEOUT_MS = 800;
/** The calendar queue's settings (CalendarSync): retries start 10 s apart and double. */
const RETRY_DELAY_SECONDS = 10;
const ATTEMPT_SECONDS = 3;

/**
 * What test/calendar.e2e-spec.ts already proves is not repeated here: an insert answered 500 (not applied), an update
 * refused 403 rateLimitExceeded, a delete refused 429, and an insert applied then answered 500. Here: timeouts (Google
 * applied the write after we gave up), an update and a delete applied then answered 500, growing delays, Retry-After.
 */
describe('Faults: Google answering 500, 429 and timing out', () => {
  let world: CalendarWorld;
  let sync: JobClock;
  let patients = 0;

  const at = (day: string, time: string): string => localInstant(day, time, ZONE);
  const keyOf = (appointmentId: string): string => `${world.clinicId}:${appointmentId}`;
  const eventIdOf = (appointmentId: string): string => appointmentId.replace(/-/g, '');
  const callsOf = (appointmentId: string): string[] => world.google.calls.filter((c) => c.eventId === eventIdOf(appointmentId)).map((c) => `${c.route} ${c.status}`);
  const eventsOf = (email: string, appointmentId: string) => world.google.events(email).filter((e) => e.id === eventIdOf(appointmentId));

  async function book(practitionerId: string, day: string, time: string): Promise<string> {
    patients += 1;
    const patient = await world.api.post<{ id: string }>(`${world.base}/patients`, { first_name: 'Léa', last_name: 'Panne', phone: `+3361700${String(patients).padStart(4, '0')}` }, world.token);
    const res = await world.api.post<{ id: string }>(`${world.base}/appointments`, { patient_id: patient.body.id, treatment_id: world.treatmentId, practitioner_id: practitionerId, start: at(day, time) }, world.token);
    if (res.status !== 201) throw new Error(`booking: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  }

  async function linkedPractitioner(name: string): Promise<{ id: string; email: string }> {
    const id = await world.practitioner(name);
    return { id, email: await linkCalendar(world, id) };
  }

  beforeAll(async () => {
    world = await startCalendarWorld({ GOOGLE_TIMEOUT_MS: String(GOOGLE_TIMEOUT_MS), QUEUE_POLL_SECONDS: '0.5' });
    sync = new JobClock(world.api, 'calendar.sync');
  });

  afterAll(async () => {
    await world?.stop();
  });

  it('keeps one event through an insert that timed out, an update and a delete applied then answered 500', async () => {
    const doctor = await linkedPractitioner('Timeout');
    const day = dayAhead(8, ZONE);

    world.google.delayNext('events.insert', GOOGLE_TIMEOUT_MS + 400);
    const id = await book(doctor.id, day, '09:00');
    const timedOut = await sync.waitForRetry(keyOf(id), 1);
    expect(timedOut.output?.message).toMatch(/Google answered no response/);
    // Google stored the event after our client gave up: the retry's insert meets it (409) and reads it back.
    await world.google.waitFor((c) => c.route === 'events.insert' && c.eventId === eventIdOf(id) && c.status === 200);
    await sync.retryNow(keyOf(id));
    await sync.waitForEnd(keyOf(id), 'completed');
    expect(callsOf(id)).toEqual(['events.insert 200', 'events.insert 409', 'events.get 200']);

    world.google.failNext('events.update', { ...internalError(), afterApplying: true });
    expect((await world.api.post(`${world.base}/appointments/${id}/reschedule`, { start: at(day, '11:00') }, world.token)).status).toBe(200);
    await sync.waitForRetry(keyOf(id), 1);
    await sync.retryNow(keyOf(id));
    await sync.waitForEnd(keyOf(id), 'completed');
    expect(new Date(eventsOf(doctor.email, id)[0]?.start.dateTime ?? '').toISOString()).toBe(new Date(at(day, '11:00')).toISOString());

    world.google.failNext('events.delete', { ...internalError(), afterApplying: true });
    expect((await world.api.post(`${world.base}/appointments/${id}/cancel`, {}, world.token)).status).toBe(200);
    await sync.waitForRetry(keyOf(id), 1);
    await sync.retryNow(keyOf(id));
    await sync.waitForEnd(keyOf(id), 'completed');

    expect(callsOf(id).slice(3)).toEqual(['events.update 500', 'events.update 200', 'events.delete 500', 'events.delete 410']);
    expect(eventsOf(doctor.email, id)).toHaveLength(1);
    expect(eventsOf(doctor.email, id)[0].status).toBe('cancelled');
    const state = await world.api.get<{ events_pending: number; events_failed: number }>(`${world.base}/practitioners/${doctor.id}/calendar`, world.token);
    expect(state.body).toMatchObject({ events_pending: 0, events_failed: 0 });
  });

  it('retries a write with growing delays (500, 500, then a timeout not applied) and makes exactly one event', async () => {
    const doctor = await linkedPractitioner('Backoff');
    world.google.failNext('events.insert', internalError(), 2);
    const id = await book(doctor.id, dayAhead(9, ZONE), '10:00');
    const waits: number[] = [];
    for (const retry of [1, 2, 3]) {
      const job = await sync.waitForRetry(keyOf(id), retry);
      const [min, max] = backoffWindow(RETRY_DELAY_SECONDS, retry, ATTEMPT_SECONDS);
      expect(job.wait_seconds).toBeGreaterThanOrEqual(min);
      expect(job.wait_seconds).toBeLessThanOrEqual(max);
      waits.push(job.wait_seconds);
      if (retry === 2) {
        // The third attempt: Google holds its answer past our timeout, then refuses (nothing stored).
        world.google.delayNext('events.insert', GOOGLE_TIMEOUT_MS + 400);
        world.google.failNext('events.insert', internalError());
      }
      if (retry === 3) await world.google.waitFor((c) => c.route === 'events.insert' && c.eventId === eventIdOf(id) && c.status === 500 && callsOf(id).length === 3);
      await sync.retryNow(keyOf(id));
    }
    await sync.waitForEnd(keyOf(id), 'completed');
    expect(waits[1]).toBeGreaterThan(waits[0]);
    expect(waits[2]).toBeGreaterThan(waits[1]);
    expect(callsOf(id)).toEqual(['events.insert 500', 'events.insert 500', 'events.insert 500', 'events.insert 200']);
    expect(eventsOf(doctor.email, id)).toHaveLength(1);
  });

  it("holds the retry for Google's Retry-After when a 429 carries one", async () => {
    const doctor = await linkedPractitioner('RetryAfter');
    world.google.failNext('events.insert', { ...tooManyRequests(), retryAfterSeconds: 600 });
    const id = await book(doctor.id, dayAhead(10, ZONE), '14:00');
    await sync.waitForRetry(keyOf(id), 1);
    // Backoff alone would retry within 20 s.
    const held = await eventually(async () => (await sync.jobs(keyOf(id))).find((job) => job.state === 'retry' && job.due_in_seconds > 590), 'the retry to honour Retry-After');
    expect(held.due_in_seconds).toBeLessThanOrEqual(600);
    const state = await world.api.get<{ events_pending: number; last_sync_error: string }>(`${world.base}/practitioners/${doctor.id}/calendar`, world.token);
    expect(state.body).toMatchObject({ events_pending: 1, last_sync_error: 'rateLimitExceeded' });

    await sync.retryNow(keyOf(id));
    await sync.waitForEnd(keyOf(id), 'completed');
    expect(eventsOf(doctor.email, id)).toHaveLength(1);
  });
});
