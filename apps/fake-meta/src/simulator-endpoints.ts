import { createHash } from 'node:crypto';
import type { SentRequest } from './meta-graph-fake';

/**
 * The fake's own endpoints, under `/_fake/`, for a simulator driving it from another process (`npm run cli -- chat`).
 * Not Meta's API: no token, no injected failure, not listed in `requests`.
 * - `POST /_fake/media`, the file's bytes as the body and its MIME type as Content-Type: registers it as `addMedia`
 *   does (as if the patient's phone had uploaded it); answers 201 with its id, MIME type, SHA-256 and size.
 * - `GET /_fake/sent?after=<seq>&to=<wa_id>&phone_number_id=<id>`: what the server sent, oldest first (`sentPage`).
 */

/** What `GET /_fake/sent` lists per accepted message or read receipt (snake_case, as the Graph API writes). */
export interface FakeSentEntry {
  seq: number;
  kind: 'message' | 'read';
  phone_number_id: string;
  /** The recipient, digits only (messages; read receipts name none). */
  to: string | null;
  /** The wamid answered (messages); the marked message's id (read receipts). */
  wamid: string;
  /** The request body, as the client sent it. */
  body: Record<string, unknown>;
  at: string;
}

/** `GET /_fake/sent`'s answer. `last` is the latest sequence the fake has given (any recipient): pass it as `after` next time. */
export interface FakeSentPage {
  last: number;
  sent: FakeSentEntry[];
}

/** `POST /_fake/media`'s answer: the id to put in a webhook's media message, and what Meta would report of the file. */
export interface FakeMediaUpload {
  id: string;
  mime_type: string;
  sha256: string;
  file_size: number;
}

export interface SentFilter {
  /** Only entries with a greater sequence. */
  after?: number;
  /** Only messages to this WhatsApp id (compared digits only). Read receipts name no recipient in Meta's API: they are kept, match their `wamid` with the messages you sent. */
  to?: string;
  /** Only what this business number sent. */
  phoneNumberId?: string;
}

/** What the endpoints need of the fake. */
export interface SimulatorTarget {
  addMedia(media: { mimeType: string; bytes: Buffer }): string;
  sentPage(filter: SentFilter): FakeSentPage;
}

/** A message's recipient, digits only, as Meta's `contacts[].wa_id` gives it; null for read receipts. */
function recipientOf(sent: SentRequest): string | null {
  return sent.kind === 'message' && typeof sent.body.to === 'string' ? sent.body.to.replace(/\D/g, '') : null;
}

export function sentPage(sent: readonly SentRequest[], last: number, filter: SentFilter): FakeSentPage {
  const to = filter.to?.replace(/\D/g, '');
  const entries = sent
    .filter((s) => s.seq > (filter.after ?? 0))
    .filter((s) => filter.phoneNumberId === undefined || s.phoneNumberId === filter.phoneNumberId)
    .filter((s) => s.kind === 'read' || to === undefined || recipientOf(s) === to)
    .map((s) => ({ seq: s.seq, kind: s.kind, phone_number_id: s.phoneNumberId, to: recipientOf(s), wamid: s.wamid, body: s.body, at: s.at.toISOString() }));
  return { last, sent: entries };
}

/** The answer (status, JSON body) to a request under `/_fake/`. */
export function simulatorAnswer(fake: SimulatorTarget, method: string, path: string, query: URLSearchParams, contentType: string | undefined, bytes: Buffer): { status: number; body: unknown } {
  if (method === 'POST' && path === '/_fake/media') {
    const mimeType = contentType?.split(';')[0].trim().toLowerCase() ?? '';
    if (!/^[a-z]+\/[a-z0-9.+-]+$/.test(mimeType)) return { status: 400, body: { error: "Content-Type must be the file's MIME type, e.g. image/jpeg" } };
    if (bytes.length === 0) return { status: 400, body: { error: "The body must be the file's bytes" } };
    const id = fake.addMedia({ mimeType, bytes });
    const upload: FakeMediaUpload = { id, mime_type: mimeType, sha256: createHash('sha256').update(bytes).digest('hex'), file_size: bytes.length };
    return { status: 201, body: upload };
  }
  if (method === 'GET' && path === '/_fake/sent') {
    const after = Number(query.get('after') ?? '0');
    if (!Number.isInteger(after) || after < 0) return { status: 400, body: { error: 'after must be a sequence number (0 or more)' } };
    return { status: 200, body: fake.sentPage({ after, to: query.get('to') ?? undefined, phoneNumberId: query.get('phone_number_id') ?? undefined }) };
  }
  return { status: 404, body: { error: `No fake endpoint ${method} ${path}` } };
}
