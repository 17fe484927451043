import type { DeliveryStatus, InboundMessageInput, StatusUpdate, WhatsAppSender } from '@sophie/conversations';
import { storableText } from '@sophie/common';

/** What one webhook POST holds for this clinic's number, every entry and change included. */
export interface ParsedWebhook {
  readonly messages: InboundMessageInput[];
  readonly statuses: StatusUpdate[];
  /** Changes addressed to another phone number id: ignored (and logged). */
  readonly foreignPhoneNumberIds: string[];
  /** Changes of fields other than `messages` (account updates…): nothing to store. */
  readonly otherFields: string[];
}

type Json = Record<string, unknown>;

const MEDIA_TYPES = new Set(['image', 'document', 'audio', 'video', 'sticker']);
const STATUSES = new Set<string>(['sent', 'delivered', 'read', 'failed']);

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const objects = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

/**
 * The payload as PostgreSQL can store it: NUL characters removed and lone surrogates replaced by U+FFFD, in every
 * string at any depth. A genuine delivery with such a character must still be stored (with its neighbours), never
 * refused: Meta would retry it forever and the patient's message would be lost.
 */
export function storable(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(storable);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, inner]) => [storable(key) as string, storable(inner)]));
  return value;
}

/** Meta's Unix timestamp in seconds (a string); the time of reception when missing or malformed. */
function timeOf(value: unknown, now: Date): Date {
  const seconds = typeof value === 'string' || typeof value === 'number' ? Number(value) : Number.NaN;
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : now;
}

/**
 * Reads a Cloud API webhook body (`object: whatsapp_business_account`): every entry, every change, every message and
 * status. Returns null when the body is not such a notification at all.
 */
export function parseWebhook(raw: unknown, phoneNumberId: string, now = new Date()): ParsedWebhook | null {
  const body = storable(raw);
  if (!isObject(body) || !Array.isArray(body.entry)) return null;
  const parsed: ParsedWebhook = { messages: [], statuses: [], foreignPhoneNumberIds: [], otherFields: [] };
  for (const entry of objects(body.entry)) {
    for (const change of objects(entry.changes)) {
      const value = isObject(change.value) ? change.value : {};
      if (change.field !== 'messages') {
        parsed.otherFields.push(String(change.field));
        continue;
      }
      const target = (isObject(value.metadata) ? text(value.metadata.phone_number_id) : null) ?? '';
      if (target !== phoneNumberId) {
        parsed.foreignPhoneNumberIds.push(target);
        continue;
      }
      const contacts = objects(value.contacts);
      for (const message of objects(value.messages)) {
        const inbound = inboundMessage(message, contacts, now);
        if (inbound) parsed.messages.push(inbound);
      }
      for (const status of objects(value.statuses)) {
        const update = statusUpdate(status, now);
        if (update) parsed.statuses.push(update);
      }
    }
  }
  return parsed;
}

function senderOf(message: Json, contacts: Json[]): WhatsAppSender | null {
  const waId = text(message.from);
  const userId = text(message.from_user_id);
  const contact = contacts.find((c) => (waId !== null && c.wa_id === waId) || (userId !== null && c.user_id === userId)) ?? (contacts.length === 1 ? contacts[0] : undefined);
  const contactWaId = waId ?? text(contact?.wa_id);
  const contactUserId = userId ?? text(contact?.user_id);
  if (contactWaId === null && contactUserId === null) return null;
  const profile = isObject(contact?.profile) ? contact.profile : {};
  return {
    waId: contactWaId,
    userId: contactUserId,
    phone: contactWaId !== null && /^[1-9][0-9]{5,14}$/.test(contactWaId) ? `+${contactWaId}` : null,
    profileName: text(profile.name)?.slice(0, 200) ?? null,
  };
}

function inboundMessage(message: Json, contacts: Json[], now: Date): InboundMessageInput | null {
  const id = text(message.id);
  const sender = senderOf(message, contacts);
  if (id === null || sender === null) return null;
  const type = text(message.type) ?? 'unknown';
  const raw = message[type];
  const content: Json = isObject(raw) ? raw : {};
  const payload: Json = { ...content };
  if (isObject(message.context)) payload.context = message.context;
  let body: string | null = null;
  let media: InboundMessageInput['media'] = null;
  switch (type) {
    case 'text':
      body = text(content.body);
      break;
    case 'interactive': {
      const reply = isObject(content.button_reply) ? content.button_reply : isObject(content.list_reply) ? content.list_reply : {};
      body = text(reply.title);
      break;
    }
    case 'button':
      body = text(content.text);
      break;
    case 'location':
      body = text(content.name) ?? text(content.address);
      break;
    case 'reaction':
      body = text(content.emoji);
      break;
    default:
      if (MEDIA_TYPES.has(type) && text(content.id) !== null) {
        // Bounded as the columns are: a malformed value must not cost the message.
        media = { id: String(content.id).slice(0, 128), mimeType: text(content.mime_type)?.slice(0, 100) ?? null, sha256: text(content.sha256)?.slice(0, 64) ?? null };
        body = text(content.caption);
      }
  }
  if (type === 'unsupported' || type === 'unknown') payload.errors = message.errors;
  return { whatsappMessageId: id.slice(0, 128), sender, type: type.slice(0, 20), text: body, payload, media, timestamp: timeOf(message.timestamp, now) };
}

function statusUpdate(status: Json, now: Date): StatusUpdate | null {
  const id = text(status.id);
  const value = text(status.status);
  if (id === null || value === null || !STATUSES.has(value)) return null;
  const errors = objects(status.errors).map((e) => ({ code: e.code, title: e.title, details: isObject(e.error_data) ? e.error_data.details : undefined }));
  const trackingId = text(status.biz_opaque_callback_data)?.slice(0, 512);
  const update: StatusUpdate = { whatsappMessageId: id, status: value as DeliveryStatus, timestamp: timeOf(status.timestamp, now), error: errors.length > 0 ? { errors } : null };
  return trackingId === undefined ? update : { ...update, trackingId };
}
