import { internalError } from '../fakes/google-fake';
import { CalendarWorld, linkCalendar, startCalendarWorld } from '../support/calendar';
import { dayAhead, localInstant } from '../support/scheduling';
import type { TestApp } from '../support/test-app';
import { withAdmin } from '../support/test-env';
import { eventually } from '../support/whatsapp';
import { JobClock, metricSample } from './support/job-clock';
import { MetaFaultWorld, attemptsFor, outboundOf, quietConversation, staffReply, startMetaFaultWorld } from './support/meta-faults';

interface ApiMessage {
  id: string;
  status: string;
  error: Record<string, unknown> | null;
  failed_at: string | null;
}

async function scrape(api: TestApp): Promise<string> {
  const res = await api.get<string>('/metrics');
  if (res.status !== 200) throw new Error(`/metrics: ${res.status}`);
  return res.body;
}

/** No job of the key waits, retries or runs: nothing can send or write for it any more. */
async function unfinishedJobs(clock: JobClock, key: string): Promise<string[]> {
  return (await clock.jobs(key)).filter((job) => job.state !== 'completed' && job.state !== 'failed').map((job) => job.state);
}

describe('Faults: a job that fails every time ends dead-lettered and visible', () => {
  describe('a WhatsApp send while Meta answers 500 forever', () => {
    let world: MetaFaultWorld;

    beforeAll(async () => {
      world = await startMetaFaultWorld();
    });

    afterAll(async () => {
      await world?.stop();
    });

    it('fails the messages with the reason staff read in the inbox, dead-letters the job, counts it, and stops', async () => {
      const { api, outbound } = world;
      const { conversationId } = await quietConversation(world);
      const key = world.keyOf(conversationId);
      const before = await scrape(api);
      world.graph.failWhen((request) => request.route === 'message', { httpStatus: 500, code: 131000 });

      const first = await staffReply(world, conversationId, 'Votre devis est prêt');
      await outbound.waitForRetry(key, 1);
      // A second reply waits behind the first: it is never sent before it.
      const second = await staffReply(world, conversationId, 'Passez le prendre à l\'accueil');
      const waits = await outbound.runOutOfRetries(key);
      expect(waits).toHaveLength(10);
      const finished = (await outbound.jobs(key)).find((job) => job.state === 'failed' && job.retry_count === job.retry_limit);
      expect(finished).toMatchObject({ retry_count: 10, retry_limit: 10 });
      expect(await unfinishedJobs(outbound, key)).toEqual([]);

      // The second reply's own job found the first waiting for its retry and, by pg-boss's stately rule, failed at
      // once: two copies in the dead-letter queue, the first job carrying both messages to the end.
      const dead = await outbound.deadLetters({ conversationId });
      expect(dead).toHaveLength(2);
      for (const job of dead) {
        expect(job.data).toEqual({ clinicId: world.clinicId, conversationId });
        expect(job.output?.message).toMatch(/^WhatsApp send failed \(transient; HTTP 500, code 131000, fbtrace \S+\)$/);
      }

      const page = await api.get<{ items: ApiMessage[] }>(`/api/clinics/${world.clinicId}/conversations/${conversationId}/messages?limit=100`, world.token);
      expect(page.status).toBe(200);
      const shown = (id: string): ApiMessage | undefined => page.body.items.find((m) => m.id === id);
      expect(shown(first)).toMatchObject({ status: 'failed', error: { kind: 'gave_up', attempts: 11, last_kind: 'transient', http_status: 500, code: 131000 } });
      expect(shown(first)?.failed_at).not.toBeNull();
      expect(shown(second)).toMatchObject({ status: 'failed', error: { kind: 'gave_up', waiting_behind: first } });
      expect((await outboundOf(world, conversationId)).filter((m) => m.status === 'queued')).toEqual([]);

      const logged = await withAdmin(world.clinicDb, (c) => c.query<{ level: string; event: string }>(`SELECT level, event FROM system_logs WHERE details->>'messageId' = $1 AND details->>'kind' = 'gave_up'`, [first]));
      expect(logged.rows).toEqual([{ level: 'error', event: 'whatsapp.send_failed' }]);

      const after = await scrape(api);
      const failedJobs = (text: string): number => metricSample(text, 'sophie_queue_failed', { queue: 'whatsapp.outbound' });
      expect(failedJobs(after) - failedJobs(before)).toBe(2);
      const errors = (text: string): number => metricSample(text, 'sophie_whatsapp_outbound_errors_total', { code: '131000', kind: 'transient' });
      expect(errors(after) - errors(before)).toBe(12);
      expect(attemptsFor(world, first)).toBe(12);
      expect(attemptsFor(world, second)).toBe(0);
    });
  });

  describe('a calendar sync while Google answers 500 forever', () => {
    let world: CalendarWorld;
    let sync: JobClock;

    beforeAll(async () => {
      world = await startCalendarWorld({ QUEUE_POLL_SECONDS: '0.5' });
      sync = new JobClock(world.api, 'calendar.sync');
    });

    afterAll(async () => {
      await world?.stop();
    });

    it('records the event as failed in the calendar status, dead-letters the job, counts it, stops, and relinking repairs it', async () => {
      const doctor = await world.practitioner('Outage');
      const email = await linkCalendar(world, doctor);
      const before = await scrape(world.api);
      const undo = world.google.failWhen((request) => request.route === 'events.insert', internalError());
      const patient = await world.api.post<{ id: string }>(`${world.base}/patients`, { first_name: 'Noé', last_name: 'Panne', phone: '+33617999001' }, world.token);
      const day = dayAhead(6, 'Europe/Paris');
      const booked = await world.api.post<{ id: string }>(
        `${world.base}/appointments`,
        { patient_id: patient.body.id, treatment_id: world.treatmentId, practitioner_id: doctor, start: localInstant(day, '09:00', 'Europe/Paris') },
        world.token,
      );
      expect(booked.status).toBe(201);
      const key = `${world.clinicId}:${booked.body.id}`;
      const eventId = booked.body.id.replace(/-/g, '');

      const waits = await sync.runOutOfRetries(key);
      expect(waits).toHaveLength(12);
      expect(await unfinishedJobs(sync, key)).toEqual([]);
      expect(world.google.calls.filter((c) => c.route === 'events.insert' && c.eventId === eventId)).toHaveLength(13);
      const dead = await sync.deadLetters({ appointmentId: booked.body.id });
      expect(dead).toEqual([{ data: { clinicId: world.clinicId, appointmentId: booked.body.id }, output: expect.objectContaining({ type: 'GoogleCallFailed', message: 'Google answered 500 (backendError)' }) }]);

      const status = await world.api.get<{ status: string; events_pending: number; events_failed: number; last_sync_error: string }>(`${world.base}/practitioners/${doctor}/calendar`, world.token);
      expect(status.body).toMatchObject({ status: 'connected', events_pending: 0, events_failed: 1, last_sync_error: 'gave_up: backendError' });
      const after = await scrape(world.api);
      const failedJobs = (text: string): number => metricSample(text, 'sophie_queue_failed', { queue: 'calendar.sync' });
      expect(failedJobs(after) - failedJobs(before)).toBe(1);

      // Once Google is back, linking the calendar again queues every unfinished event: the failed one is written.
      undo();
      await linkCalendar(world, doctor, email);
      await eventually(async () => {
        const state = await world.api.get<{ events_failed: number }>(`${world.base}/practitioners/${doctor}/calendar`, world.token);
        return state.body.events_failed === 0 && world.google.events(email).some((e) => e.id === eventId) ? true : undefined;
      }, 'the failed event to be written after relinking');
      expect(world.google.events(email).filter((e) => e.id === eventId)).toHaveLength(1);
    });
  });
});
