import { ChatError, networkReason } from './chat-error';
import { signedRequest } from './webhook-payloads';

/** The server's WhatsApp webhook, posted to as Meta posts: signed with the clinic's app secret. */
export class WebhookClient {
  constructor(
    readonly apiUrl: string,
    readonly clinicId: string,
  ) {}

  /** Fails with what to do when the server is not running or not ready. */
  async checkServer(): Promise<void> {
    let res: Response;
    try {
      res = await fetch(`${this.apiUrl}/health`, { signal: AbortSignal.timeout(5000) });
    } catch (error) {
      throw new ChatError(`The server is not reachable at ${this.apiUrl} (${networkReason(error)}): start it with \`META_GRAPH_URL=<the fake's URL> npm start\`, or give --api <url>.`);
    }
    if (res.status !== 200) throw new ChatError(`The server at ${this.apiUrl} is not ready (GET /health answered ${res.status}); see its log.`);
  }

  /** Posts one notification, signed with `appSecret`; what the server's answer means when it is not 200. */
  async post(body: Record<string, unknown>, appSecret: string): Promise<void> {
    const { raw, headers } = signedRequest(body, appSecret);
    const url = `${this.apiUrl}/webhook/whatsapp/${this.clinicId}`;
    let res: Response;
    try {
      res = await fetch(url, { method: 'POST', headers, body: raw, signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      throw new ChatError(`The server is not reachable at ${this.apiUrl} (${networkReason(error)}): is it still running?`);
    }
    if (res.status === 200) return;
    const answer = await res.text();
    throw new ChatError(`${url} answered ${res.status}: ${answer.slice(0, 300)}\n${hintFor(res.status)}`);
  }
}

function hintFor(status: number): string {
  switch (status) {
    case 403:
      return 'The server refused the signature or has no WhatsApp configuration for this clinic: does it use the same database and SECRETS_KEY as this CLI (same DATA_DIR, or DATABASE_URL and DB_PREFIX)? A configuration made in the last 30 s may not be seen yet: try again.';
    case 404:
      return 'The server does not know this clinic: does it use the same database as this CLI (same DATA_DIR, or DATABASE_URL and DB_PREFIX)?';
    case 503:
      return 'The server could not take the message now (database or queue unavailable): try again; see its log.';
    default:
      return "See the server's log.";
  }
}
