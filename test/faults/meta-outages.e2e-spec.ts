import { backoffWindow } from './support/job-clock';
import {
  META_TIMEOUT_MS,
  MetaFaultWorld,
  acceptedFor,
  attemptsFor,
  metaReportsStatus,
  outboundOf,
  patientWrites,
  processedConversation,
  quietConversation,
  staffReply,
  startMetaFaultWorld,
  storedMessage,
  waitForMessage,
} from './support/meta-faults';
import { eventually } from '../support/whatsapp';

/** The outbound queue's settings (QueueDispatcher): retries start 5 s apart and double. */
const RETRY_DELAY_SECONDS = 5;
/** How long a failing attempt itself may take here (a timeout is META_TIMEOUT_MS), in seconds. */
const ATTEMPT_SECONDS = 3;

describe('Faults: Meta answering 500, 429 and timing out', () => {
  let world: MetaFaultWorld;

  beforeAll(async () => {
    world = await startMetaFaultWorld();
  });

  afterAll(async () => {
    await world?.stop();
  });

  beforeEach(() => world.graph.reset());

  it('retries a staff reply through a 500, a 429 with Retry-After and a timeout, with growing delays, and delivers it once', async () => {
    const { graph, outbound } = world;
    const { conversationId } = await quietConversation(world);
    const key = world.keyOf(conversationId);

    graph.failNext(1, { httpStatus: 500, code: 131000 });
    const id = await staffReply(world, conversationId, 'Votre ordonnance est prête');
    const first = await outbound.waitForRetry(key, 1);
    expect(first.output?.message).toMatch(/transient; HTTP 500, code 131000/);
    const [min1, max1] = backoffWindow(RETRY_DELAY_SECONDS, 1, ATTEMPT_SECONDS);
    expect(first.wait_seconds).toBeGreaterThanOrEqual(min1);
    expect(first.wait_seconds).toBeLessThanOrEqual(max1);

    graph.failNext(1, { httpStatus: 429, code: 130429, retryAfterSeconds: 120 });
    await outbound.retryNow(key);
    const second = await outbound.waitForRetry(key, 2);
    expect(second.output?.message).toMatch(/throttled; HTTP 429, code 130429/);
    // Backoff alone would retry within 20 s; the answer's Retry-After holds it for 120 (set just after pg-boss's fail).
    const held = await eventually(async () => (await outbound.jobs(key)).find((job) => job.state === 'retry' && job.due_in_seconds > 110), 'the retry to honour Retry-After');
    expect(held.due_in_seconds).toBeLessThanOrEqual(120);

    // Meta holds its answer past our timeout, then refuses: the send was not applied.
    const late = graph.requests.length;
    graph.delayNext(META_TIMEOUT_MS + 400);
    const undo = graph.failWhen((request) => graph.requests.indexOf(request) === late, { httpStatus: 500, code: 131000 });
    await outbound.retryNow(key);
    const third = await outbound.waitForRetry(key, 3);
    expect(third.output?.message).toMatch(new RegExp(`timed out after ${META_TIMEOUT_MS} ms`));
    const [min3, max3] = backoffWindow(RETRY_DELAY_SECONDS, 3, ATTEMPT_SECONDS);
    expect(third.wait_seconds).toBeGreaterThanOrEqual(min3);
    expect(third.wait_seconds).toBeLessThanOrEqual(max3);
    expect(third.wait_seconds).toBeGreaterThan(first.wait_seconds);

    await outbound.retryNow(key);
    const sent = await waitForMessage(world, id, ['sent']);
    undo();
    const accepted = acceptedFor(world, id);
    expect(accepted).toHaveLength(1);
    expect(sent.whatsapp_message_id).toBe(accepted[0].wamid);
    expect(attemptsFor(world, id)).toBe(4);
    await outbound.waitForEnd(key, 'completed');
  });

  it("retries the assistant's replies after a 500 and delivers each once, in order", async () => {
    // The first reply's send fails (not the read receipt, which may reach Meta before or after it).
    let failed = false;
    const undo = world.graph.failWhen((request) => {
      if (failed || request.body?.status === 'read' || request.body?.messaging_product !== 'whatsapp' || request.method !== 'POST') return false;
      failed = true;
      return true;
    }, { httpStatus: 500, code: 131000 });
    const inbound = await patientWrites(world, '33681999001', 'Bonjour, je voudrais un rendez-vous');
    const conversationId = await eventually(() => processedConversation(world, inbound), 'the message to be processed');
    const key = world.keyOf(conversationId);
    await world.outbound.waitForRetry(key, 1);
    expect((await outboundOf(world, conversationId)).every((m) => m.status === 'queued')).toBe(true);

    await world.outbound.retryNow(key);
    const replies = await eventually(async () => {
      const messages = await outboundOf(world, conversationId);
      return messages.length > 0 && messages.every((m) => m.status === 'sent') ? messages : undefined;
    }, 'every reply to be sent');
    expect(replies.map((m) => acceptedFor(world, m.id).length)).toEqual(replies.map(() => 1));
    const ids = replies.map((m) => m.id);
    const order = world.graph.sent.map((s) => s.body.biz_opaque_callback_data).filter((tracking) => ids.includes(tracking as string));
    expect(order).toEqual(ids);
    undo();
  });

  describe('the hard case: Meta applied the send, then its answer was lost', () => {
    it('sends nothing again when the status webhook, echoing our id, arrives before the retry (500 after applying)', async () => {
      const { conversationId } = await quietConversation(world);
      const key = world.keyOf(conversationId);
      world.graph.failNext(1, { httpStatus: 500, code: 131000, afterApplying: true });
      const id = await staffReply(world, conversationId, 'Le cabinet est fermé lundi');
      await world.outbound.waitForRetry(key, 1);
      const [accepted] = acceptedFor(world, id);
      expect((await storedMessage(world, id)).status).toBe('queued');

      await metaReportsStatus(world, accepted, 'sent');
      expect(await storedMessage(world, id)).toMatchObject({ status: 'sent', whatsapp_message_id: accepted.wamid });
      await world.outbound.retryNow(key);
      await world.outbound.waitForEnd(key, 'completed');
      expect(acceptedFor(world, id)).toHaveLength(1);
      expect(attemptsFor(world, id)).toBe(1);
    });

    it('sends nothing again after a timeout when Meta applied the send late and reported it delivered', async () => {
      const { conversationId } = await quietConversation(world);
      const key = world.keyOf(conversationId);
      world.graph.delayNext(META_TIMEOUT_MS + 400);
      const id = await staffReply(world, conversationId, 'Merci de confirmer votre venue');
      const retry = await world.outbound.waitForRetry(key, 1);
      expect(retry.output?.message).toMatch(/timed out/);
      const accepted = await eventually(() => acceptedFor(world, id)[0], 'Meta to apply the held send');

      await metaReportsStatus(world, accepted, 'delivered');
      expect(await storedMessage(world, id)).toMatchObject({ status: 'delivered', whatsapp_message_id: accepted.wamid });
      await world.outbound.retryNow(key);
      await world.outbound.waitForEnd(key, 'completed');
      expect(acceptedFor(world, id)).toHaveLength(1);
    });

    it('known limit: with no status before the retry the message goes out twice (never lost), and the stray status changes nothing', async () => {
      const { conversationId } = await quietConversation(world);
      const key = world.keyOf(conversationId);
      world.graph.failNext(1, { httpStatus: 500, code: 131000, afterApplying: true });
      const id = await staffReply(world, conversationId, 'Rappel: apportez votre carte vitale');
      await world.outbound.waitForRetry(key, 1);
      await world.outbound.retryNow(key);
      const sent = await waitForMessage(world, id, ['sent']);
      const accepted = acceptedFor(world, id);
      expect(accepted).toHaveLength(2);
      expect(sent.whatsapp_message_id).toBe(accepted[1].wamid);

      await metaReportsStatus(world, accepted[0], 'delivered');
      expect(await storedMessage(world, id)).toMatchObject({ status: 'sent', whatsapp_message_id: accepted[1].wamid });
    });
  });
});
