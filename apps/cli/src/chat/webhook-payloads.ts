import { randomBytes } from 'node:crypto';
import { signatureOf } from '@sophie/whatsapp';

/**
 * Webhook bodies in Meta's shape (Cloud API `messages` notifications), as WhatsApp would post them for a patient
 * writing to the clinic's number, and their signature.
 */

type Json = Record<string, unknown>;

/** The patient the simulator speaks for. */
export interface ChatPatient {
  /** WhatsApp id: the number in international form, digits only. */
  waId: string;
  /** Their WhatsApp profile name. */
  name: string;
}

/** A choice the clinic offered: a reply button or a list row, and the message that offered it. */
export interface ChatChoice {
  reply: 'button_reply' | 'list_reply';
  id: string;
  title: string;
  description?: string;
  /** The wamid of the clinic's message that offered it (Meta's `context.id` of the answer). */
  offeredIn: string;
}

/** A media object registered with the Graph API, as a media message names it. */
export interface ChatMedia {
  id: string;
  mimeType: string;
  sha256: string;
}

/** The business number's display form in `metadata` (the server reads only the phone number id). */
const DISPLAY_PHONE_NUMBER = '15550000000';

/** A new WhatsApp message id, shaped like Meta's. */
export function newWamid(): string {
  return `wamid.HBgL${randomBytes(24).toString('base64url')}`;
}

function envelope(patient: ChatPatient, type: string, content: Json, now: Date, id = newWamid()): Json {
  return { from: patient.waId, id, timestamp: String(Math.floor(now.getTime() / 1000)), type, [type]: content };
}

export function textMessage(patient: ChatPatient, body: string, now = new Date()): Json {
  return envelope(patient, 'text', { body }, now);
}

/** What WhatsApp sends when the patient taps a reply button or picks a list row: an `interactive` reply quoting the offer. */
export function interactiveReply(patient: ChatPatient, choice: ChatChoice, now = new Date()): Json {
  const reply: Json = { id: choice.id, title: choice.title };
  if (choice.reply === 'list_reply' && choice.description) reply.description = choice.description;
  return { ...envelope(patient, 'interactive', { type: choice.reply, [choice.reply]: reply }, now), context: { from: DISPLAY_PHONE_NUMBER, id: choice.offeredIn } };
}

export function imageMessage(patient: ChatPatient, media: ChatMedia, caption?: string, now = new Date()): Json {
  return envelope(patient, 'image', { ...(caption ? { caption } : {}), mime_type: media.mimeType, sha256: media.sha256, id: media.id }, now);
}

function change(phoneNumberId: string, value: Json): Json {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '0',
        changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: DISPLAY_PHONE_NUMBER, phone_number_id: phoneNumberId }, ...value } }],
      },
    ],
  };
}

/** The notification carrying one message from the patient to the clinic's number. */
export function messageNotification(phoneNumberId: string, patient: ChatPatient, message: Json): Json {
  return change(phoneNumberId, { contacts: [{ profile: { name: patient.name }, wa_id: patient.waId }], messages: [message] });
}

/** The notification telling that the patient's phone received and read one of the clinic's messages. */
export function readNotification(phoneNumberId: string, patient: ChatPatient, wamid: string, now = new Date()): Json {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return change(phoneNumberId, {
    statuses: (['delivered', 'read'] as const).map((status) => ({ id: wamid, status, timestamp, recipient_id: patient.waId })),
  });
}

/** The raw body and headers Meta posts: `X-Hub-Signature-256` is the HMAC-SHA256 of exactly these bytes with the app secret. */
export function signedRequest(body: Json, appSecret: string): { raw: string; headers: Record<string, string> } {
  const raw = JSON.stringify(body);
  return { raw, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signatureOf(raw, appSecret) } };
}

/** The wamid of the message a notification carries. */
export function wamidOf(message: Json): string {
  return String(message.id);
}
