import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeMetaGraph, type SentRequest } from '../fakes/meta-graph-fake';
import { dropInstallation, testEnvironment } from '../support/test-env';
import { eventually } from '../support/whatsapp';
import { ApiProcess, freePort } from './support/api-process';
import { burst, Delivery, deliverUntilAcknowledged, patientDeliveries, WebhookTarget } from './support/webhook-burst';
import { clinicMessages, MessageRow, whatsAppClinic } from './support/whatsapp-clinic';

/** One patient's conversation: each inner list is one delivery (several messages in one POST for some). */
const SCRIPT = [['Bonjour'], ['menu', 'informations'], ['Hello'], ['menu', 'Bonjour', 'infos']];
const PATIENTS = 16;
/** The server is killed once this many deliveries were acknowledged (of PATIENTS × SCRIPT.length). */
const KILL_AFTER_ACKS = 20;
/** Outbound sends running at once in one process (WhatsAppWorkers' concurrency): the most a kill can leave unrecorded. */
const OUTBOUND_CONCURRENCY = 4;

const outboundOf = (rows: MessageRow[], waId: string): MessageRow[] => rows.filter((m) => m.direction === 'out' && m.wa_id === waId);
const sendsTo = (sent: readonly SentRequest[], waId: string): SentRequest[] => sent.filter((s) => s.kind === 'message' && s.body.to === waId);

describe('The API killed with SIGKILL during a burst of webhook deliveries', () => {
  let graph: FakeMetaGraph;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let port: number;
  let api: ApiProcess | undefined;

  beforeAll(async () => {
    graph = await FakeMetaGraph.start();
    dataDir = await mkdtemp(path.join(tmpdir(), 'sophie-crash-'));
    env = testEnvironment({ META_GRAPH_URL: graph.baseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    port = await freePort();
  });

  afterAll(async () => {
    await api?.kill('SIGKILL');
    await graph.stop();
    await rm(dataDir, { recursive: true, force: true });
    await dropInstallation(String(env.DB_PREFIX));
  });

  it('stores every message once and answers it exactly as an uninterrupted run does, after a restart and Meta\'s redeliveries', async () => {
    api = await ApiProcess.start(env, port);
    const prefix = String(env.DB_PREFIX);
    const superToken = await api.login(String(env.SUPERADMIN_USERNAME));
    const target: WebhookTarget = await whatsAppClinic(api, superToken, graph);

    // What one uninterrupted run answers to the script (a patient alone, nothing killed).
    const reference = patientDeliveries(target, '33600009999', SCRIPT);
    for (const delivery of reference) await deliverUntilAcknowledged(api, target, delivery);
    const expected = await eventually(async () => {
      const replies = outboundOf(await clinicMessages(prefix, target.clinicId), '33600009999');
      return replies.length > 0 && replies.every((r) => r.status !== 'queued') && sendsTo(graph.sent, '33600009999').length === replies.length ? replies : undefined;
    }, 'the reference conversation answered');
    const expectedPayloads = expected.map((r) => r.payload);
    // What the patient sees: the body without its recipient and our own message id (Meta's callback data).
    const withoutRecipient = (sends: SentRequest[]): unknown[] => sends.map(({ body: { to: _to, biz_opaque_callback_data: _ours, ...rest } }) => rest);
    const expectedSends = withoutRecipient(sendsTo(graph.sent, '33600009999'));
    expect(expectedPayloads.length).toBeGreaterThanOrEqual(SCRIPT.flat().length);

    // The burst, killed part-way.
    const patients = Array.from({ length: PATIENTS }, (_, i) => patientDeliveries(target, `336100${String(i).padStart(5, '0')}`, SCRIPT));
    let lastSeqBeforeKill = 0;
    const firstRun = api;
    const outcome = await burst(firstRun, target, patients, KILL_AFTER_ACKS, async () => {
      await firstRun.kill('SIGKILL');
      lastSeqBeforeKill = graph.sent.at(-1)?.seq ?? 0;
    });
    const pending = outcome.unacknowledged.filter((rest) => rest.length > 0);
    expect(outcome.acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(pending.length).toBeGreaterThan(0);

    // Restarted; Meta delivers again what got no 200 (in each patient's order), and a few that did.
    api = await ApiProcess.start(env, port);
    const restarted = api;
    const again: Delivery[] = outcome.acknowledged.filter((_, i) => i % 7 === 0);
    await Promise.all([
      ...pending.map(async (rest) => {
        for (const delivery of rest) await deliverUntilAcknowledged(restarted, target, delivery);
      }),
      ...again.map((delivery) => deliverUntilAcknowledged(restarted, target, delivery)),
    ]);

    const allPatients = patients.map((deliveries) => deliveries[0].waId);
    const sentWamids = patients.flat().flatMap((d) => d.wamids);
    const rows = await eventually(
      async () => {
        const current = await clinicMessages(prefix, target.clinicId);
        const inbound = current.filter((m) => m.direction === 'in');
        const done =
          inbound.length >= sentWamids.length + reference.flatMap((d) => d.wamids).length &&
          inbound.every((m) => m.processed_at !== null) &&
          allPatients.every((waId) => {
            const replies = outboundOf(current, waId);
            return replies.length >= expected.length && replies.every((r) => r.status !== 'queued');
          });
        return done ? current : undefined;
      },
      'every message processed and every reply sent after the restart',
      90_000,
    );

    // Stored exactly once, each processed.
    const inboundIds = rows.filter((m) => m.direction === 'in').map((m) => m.whatsapp_message_id);
    expect(new Set(inboundIds).size).toBe(inboundIds.length);
    expect(sentWamids.every((id) => inboundIds.includes(id))).toBe(true);

    // Answered exactly as one run answers: the same replies, in the same order, none missing, none doubled.
    const recorded = new Set(rows.filter((m) => m.direction === 'out').map((m) => m.whatsapp_message_id));
    let unrecordedSends = 0;
    for (const waId of allPatients) {
      expect(outboundOf(rows, waId).map((r) => r.payload)).toEqual(expectedPayloads);
      const sends = sendsTo(graph.sent, waId);
      // A send Meta accepted but whose answer died with the process is sent again (at least once, as documented):
      // only a send in flight at the kill may be unrecorded, and its copy is the recorded one.
      const lost = sends.filter((s) => !recorded.has(s.wamid));
      for (const send of lost) expect(send.seq).toBeLessThanOrEqual(lastSeqBeforeKill);
      unrecordedSends += lost.length;
      expect(withoutRecipient(sends.filter((s) => recorded.has(s.wamid)))).toEqual(expectedSends);
    }
    expect(unrecordedSends).toBeLessThanOrEqual(OUTBOUND_CONCURRENCY);
    expect(restarted.running).toBe(true);
  });
});
