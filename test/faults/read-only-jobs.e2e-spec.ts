import { withAdmin } from '../support/test-env';
import { contact, eventually, notification, postWebhook, startWhatsAppWorld, textMessage, WhatsAppWorld } from '../support/whatsapp';
import type { TestApp } from '../support/test-app';

interface Job {
  state: string;
  retry_count: number;
  due_in_seconds: number;
}

/**
 * A clinic whose database is being moved is read-only for a while (the registry's lease). Its queue jobs must not
 * write meanwhile, nor use up their attempts waiting (a long move would send patients' messages to the dead
 * letters): they go back to wait, uncounted, and run once the clinic is writable again.
 */
describe('Queue jobs of a read-only clinic', () => {
  let world: WhatsAppWorld;
  let worker: TestApp | undefined;

  const registry = <T>(sql: string, params: unknown[] = []): Promise<T[]> => withAdmin(`${world.api.prefix}_registry`, async (c) => (await c.query(sql, params)).rows as T[]);
  const inboundJobs = (): Promise<Job[]> =>
    registry<Job>(
      `SELECT state::text AS state, retry_count, EXTRACT(epoch FROM start_after - now())::float8 AS due_in_seconds
       FROM pgboss.job WHERE name = 'whatsapp.inbound' AND data->>'clinicId' = $1`,
      [world.clinicId],
    );

  beforeAll(async () => {
    // The API here takes deliveries and runs no job; a worker started later does.
    world = await startWhatsAppWorld({ QUEUE_WORKERS: 'false' });
  });

  afterAll(async () => {
    await worker?.close();
    await world.stop();
  });

  it('waits, uncounted, while the clinic is read-only, then answers the patient once', async () => {
    const patient = '33698700001';
    const delivered = await postWebhook(world.api, world.clinicId, notification(world.meta.phoneNumberId, { contacts: [contact(patient)], messages: [textMessage(patient, 'Bonjour')] }), world.meta.appSecret);
    expect(delivered.status).toBe(200);
    expect(await inboundJobs()).toEqual([expect.objectContaining({ state: 'created', retry_count: 0 })]);

    await registry("UPDATE clinics SET read_only_until = now() + interval '1 hour' WHERE id = $1", [world.clinicId]);
    worker = await world.api.sibling({ QUEUE_WORKERS: 'true' });
    const waiting = await eventually(async () => (await inboundJobs()).find((job) => job.state === 'created' && job.due_in_seconds > 1), 'the job to go back to wait');
    expect(waiting.retry_count).toBe(0);
    expect(waiting.due_in_seconds).toBeGreaterThan(5); // it looks again a while later, not at once
    expect(waiting.due_in_seconds).toBeLessThanOrEqual(15);
    expect(world.graph.sent).toEqual([]);

    // The move is over: the clinic is writable; the job, made due, runs on its first attempt.
    await registry('UPDATE clinics SET read_only_until = NULL WHERE id = $1', [world.clinicId]);
    // Time travel: whenever it waits (the worker may still hold the clinic's read-only route for a few seconds), it is due now.
    await eventually(async () => {
      await registry("UPDATE pgboss.job SET start_after = now() WHERE name = 'whatsapp.inbound' AND data->>'clinicId' = $1 AND state = 'created'", [world.clinicId]);
      return (await inboundJobs()).every((job) => job.state === 'completed') ? true : undefined;
    }, 'the job to complete', 30_000);
    expect((await inboundJobs()).map((job) => job.retry_count)).toEqual([0]);
    await eventually(() => (world.graph.sent.some((s) => JSON.stringify(s).includes(patient)) ? true : undefined), 'the reply to be sent');
  });
});
