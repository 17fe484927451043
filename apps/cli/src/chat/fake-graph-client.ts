import { ChatError, networkReason } from './chat-error';
import type { ChatMedia } from './webhook-payloads';

/** The fake Graph API's simulator endpoints (apps/fake-meta: `GET /_fake/sent`, `POST /_fake/media`), over HTTP. */

/** A message or read receipt the server sent through the fake. */
export interface SentEntry {
  seq: number;
  kind: 'message' | 'read';
  phone_number_id: string;
  to: string | null;
  /** The wamid the fake answered (messages); the id of the message marked read (read receipts). */
  wamid: string;
  /** Meta's request body, as the server sent it. */
  body: Record<string, unknown>;
  at: string;
}

export interface SentPage {
  /** The latest sequence the fake has given: the next `after`. */
  last: number;
  sent: SentEntry[];
}

export interface SentQuery {
  after: number;
  to: string;
  phoneNumberId: string;
}

const TIMEOUT_MS = 5000;

export class FakeGraphClient {
  constructor(readonly baseUrl: string) {}

  /** What the server sent to `to` from `phoneNumberId` after sequence `after` (read receipts included), oldest first. */
  async sent(query: SentQuery): Promise<SentPage> {
    const params = new URLSearchParams({ after: String(query.after), to: query.to, phone_number_id: query.phoneNumberId });
    const res = await this.call(`/_fake/sent?${params.toString()}`);
    if (res.status !== 200) throw this.notTheFake(`GET /_fake/sent answered ${res.status}`);
    return (await res.json()) as SentPage;
  }

  /** Fails with what to do when nothing answers at the URL, or not the fake. */
  async check(): Promise<void> {
    await this.sent({ after: Number.MAX_SAFE_INTEGER, to: '0', phoneNumberId: '0' });
  }

  /** Registers a file with the fake's media store, as if the patient's phone had uploaded it to WhatsApp. */
  async uploadMedia(bytes: Buffer, mimeType: string): Promise<ChatMedia> {
    const res = await this.call('/_fake/media', { method: 'POST', headers: { 'content-type': mimeType }, body: bytes });
    if (res.status !== 201) throw this.notTheFake(`POST /_fake/media answered ${res.status} ${await res.text()}`);
    const media = (await res.json()) as { id: string; mime_type: string; sha256: string };
    return { id: media.id, mimeType: media.mime_type, sha256: media.sha256 };
  }

  private async call(path: string, init: RequestInit = {}): Promise<Response> {
    try {
      return await fetch(`${this.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw new ChatError(`The fake Graph API is not reachable at ${this.baseUrl} (${networkReason(error)}): start it with \`npm run fake:meta\`, or give --graph <url>.`);
    }
  }

  private notTheFake(what: string): ChatError {
    return new ChatError(`${this.baseUrl} does not look like Sophie's fake Graph API (${what}): start it with \`npm run fake:meta\` (rebuilt by that command), or give --graph <url>.`);
  }
}
