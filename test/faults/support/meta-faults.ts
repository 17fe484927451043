import type { SentRequest } from '../../fakes/meta-graph-fake';
import { withAdmin } from '../../support/test-env';
import { WhatsAppWorld, contact, eventually, notification, postWebhook, startWhatsAppWorld, textMessage, wamid } from '../../support/whatsapp';
import { JobClock } from './job-clock';

/** The client's timeout in these worlds: the fake holds an answer longer than this to make a timeout. */
export const META_TIMEOUT_MS = 800;

export interface StoredMessage {
  id: string;
  status: string;
  whatsapp_message_id: string | null;
  error: Record<string, unknown> | null;
}

/** A WhatsApp installation whose Graph client gives up after META_TIMEOUT_MS, with the outbound queue's clock. */
export interface MetaFaultWorld extends WhatsAppWorld {
  outbound: JobClock;
  clinicDb: string;
  /** The outbound job key of a conversation. */
  keyOf(conversationId: string): string;
}

export async function startMetaFaultWorld(): Promise<MetaFaultWorld> {
  const world = await startWhatsAppWorld({ WHATSAPP_TIMEOUT_MS: String(META_TIMEOUT_MS), QUEUE_POLL_SECONDS: '0.5' });
  return {
    ...world,
    outbound: new JobClock(world.api, 'whatsapp.outbound'),
    clinicDb: `${world.api.prefix}_clinic_${world.clinicId.replace(/-/g, '')}`,
    keyOf: (conversationId) => `${world.clinicId}:${conversationId}`,
  };
}

let patients = 0;

/** A patient writes; answers once the message is processed and every reply is out (the conversation is quiet). */
export async function quietConversation(world: MetaFaultWorld, text = 'Bonjour'): Promise<{ conversationId: string; waId: string }> {
  patients += 1;
  const waId = `3368100${String(patients).padStart(4, '0')}`;
  const inbound = await patientWrites(world, waId, text);
  const conversationId = await eventually(async () => {
    const id = await processedConversation(world, inbound);
    if (!id) return undefined;
    const busy = await withAdmin(world.clinicDb, (c) => c.query(`SELECT 1 FROM messages WHERE conversation_id = $1 AND status = 'queued'`, [id]));
    return busy.rows.length === 0 ? id : undefined;
  }, 'a quiet conversation');
  return { conversationId, waId };
}

/** Posts a patient's text message as Meta would; answers its wamid. */
export async function patientWrites(world: MetaFaultWorld, waId: string, text: string): Promise<string> {
  const id = wamid();
  const res = await postWebhook(world.api, world.clinicId, notification(world.meta.phoneNumberId, { contacts: [contact(waId)], messages: [textMessage(waId, text, id)] }), world.meta.appSecret);
  if (res.status !== 200) throw new Error(`webhook: ${res.status}`);
  return id;
}

/** The conversation of an inbound message once it is processed. */
export async function processedConversation(world: MetaFaultWorld, inboundWamid: string): Promise<string | undefined> {
  const rows = await withAdmin(world.clinicDb, (c) => c.query<{ conversation_id: string }>('SELECT conversation_id FROM messages WHERE whatsapp_message_id = $1 AND processed_at IS NOT NULL', [inboundWamid]));
  return rows.rows[0]?.conversation_id;
}

export async function staffReply(world: MetaFaultWorld, conversationId: string, text: string): Promise<string> {
  const res = await world.api.post<{ id: string }>(`/api/clinics/${world.clinicId}/conversations/${conversationId}/messages`, { text }, world.token);
  if (res.status !== 201) throw new Error(`staff reply: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

export async function storedMessage(world: MetaFaultWorld, id: string): Promise<StoredMessage> {
  return withAdmin(world.clinicDb, async (c) => (await c.query<StoredMessage>('SELECT id, status, whatsapp_message_id, error FROM messages WHERE id = $1', [id])).rows[0]);
}

/** Outbound messages of a conversation, oldest first. */
export async function outboundOf(world: MetaFaultWorld, conversationId: string): Promise<StoredMessage[]> {
  return withAdmin(world.clinicDb, async (c) =>
    (await c.query<StoredMessage>(`SELECT id, status, whatsapp_message_id, error FROM messages WHERE conversation_id = $1 AND direction = 'out' ORDER BY sequence`, [conversationId])).rows,
  );
}

/** Messages Meta accepted (applied) for one of our messages, recognised by the tracking id the send carried. */
export function acceptedFor(world: MetaFaultWorld, messageId: string): SentRequest[] {
  return world.graph.sent.filter((s) => s.kind === 'message' && s.body.biz_opaque_callback_data === messageId);
}

/** Send attempts that reached the fake for one of our messages, accepted or not. */
export function attemptsFor(world: MetaFaultWorld, messageId: string): number {
  return world.graph.requests.filter((r) => r.route === 'message' && r.body?.biz_opaque_callback_data === messageId).length;
}

/** What Meta does after accepting a message: a status webhook for its wamid, echoing biz_opaque_callback_data. */
export async function metaReportsStatus(world: MetaFaultWorld, accepted: SentRequest, status: 'sent' | 'delivered' | 'read'): Promise<void> {
  const tracking = accepted.body.biz_opaque_callback_data;
  const entry = { id: accepted.wamid, status, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: accepted.body.to, ...(typeof tracking === 'string' ? { biz_opaque_callback_data: tracking } : {}) };
  const res = await postWebhook(world.api, world.clinicId, notification(world.meta.phoneNumberId, { statuses: [entry] }), world.meta.appSecret);
  if (res.status !== 200) throw new Error(`status webhook: ${res.status}`);
}

export function waitForMessage(world: MetaFaultWorld, id: string, statuses: string[]): Promise<StoredMessage> {
  return eventually(async () => {
    const message = await storedMessage(world, id);
    return statuses.includes(message.status) ? message : undefined;
  }, `message ${id} to be ${statuses.join('/')}`);
}
