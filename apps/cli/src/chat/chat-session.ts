import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ChatError } from './chat-error';
import type { FakeGraphClient } from './fake-graph-client';
import { RenderedMessage, renderMessage } from './render';
import { ChatChoice, ChatPatient, imageMessage, interactiveReply, messageNotification, readNotification, textMessage, wamidOf } from './webhook-payloads';
import type { WebhookClient } from './webhook-client';

/** A clinic's WhatsApp number and the app secret that signs its webhooks (read from its configuration). */
export interface ChatChannel {
  clinicId: string;
  clinicName: string;
  phoneNumberId: string;
  appSecret: string;
}

/** What the patient's phone shows next: a message from the clinic, or the blue ticks on one of theirs. */
export type ChatEvent = { kind: 'message'; wamid: string; rendered: RenderedMessage } | { kind: 'read'; wamid: string } | { kind: 'note'; text: string };

/** What was sent for one line the patient typed, as the chat shows it. */
export interface ChatSent {
  wamid: string;
  /** The message as shown after `you>`. */
  shown: string;
}

/** Meta's image types and limit (the Cloud API's "supported media types"). */
const IMAGE_TYPES: Readonly<Record<string, string>> = { '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.png': 'image/png' };
const IMAGE_LIMIT_BYTES = 5 * 1024 * 1024;

/**
 * One patient's conversation with a clinic, without the terminal: turns typed lines into signed webhooks, and what
 * the server sent through the fake Graph API into events. The terminal loop (chat-loop.ts) and the tests drive it.
 */
export class ChatSession {
  private cursor = 0;
  private offered: ChatChoice[] = [];
  private readonly mine = new Set<string>();
  private waitingFor: { wamid: string; since: number } | null = null;
  private statusFailureShown = false;

  constructor(
    readonly channel: ChatChannel,
    readonly patient: ChatPatient,
    private readonly webhook: WebhookClient,
    private readonly graph: FakeGraphClient,
  ) {}

  /**
   * Checks that the server and the fake answer, and skips what the fake sent before this session, but for the clinic's
   * last message to this patient: answered (its choices kept, so a number taps them), as the phone would still show it.
   */
  async start(): Promise<ChatEvent | null> {
    await this.webhook.checkServer();
    const page = await this.graph.sent({ after: 0, to: this.patient.waId, phoneNumberId: this.channel.phoneNumberId });
    this.cursor = page.last;
    const last = page.sent.filter((entry) => entry.kind === 'message').pop();
    if (!last) return null;
    const rendered = renderMessage(last.body, last.wamid);
    this.offered = rendered.choices;
    return { kind: 'message', wamid: last.wamid, rendered };
  }

  /** The buttons or rows of the clinic's last message (empty when it offered none). */
  get choices(): readonly ChatChoice[] {
    return this.offered;
  }

  /** When the last message sent has had neither a read receipt nor a reply yet, since when (ms since the epoch). */
  get unansweredSince(): number | null {
    return this.waitingFor?.since ?? null;
  }

  /** The message a typed line stands for: the matching reply when it is the number of one of the last choices, else text. */
  messageFor(line: string): { message: Record<string, unknown>; shown: string } {
    const n = /^\d{1,2}$/.test(line) ? Number(line) : 0;
    const choice = n >= 1 ? this.offered[n - 1] : undefined;
    if (choice) return { message: interactiveReply(this.patient, choice), shown: `${n}) ${choice.title}` };
    return { message: textMessage(this.patient, line), shown: line };
  }

  /** Sends a typed line: text, or the reply to a numbered choice. */
  async send(line: string): Promise<ChatSent> {
    const { message, shown } = this.messageFor(line);
    return this.post(message, shown);
  }

  /** Sends a photo: registered with the fake's media store, then an `image` message naming it. */
  async sendPhoto(file: string, caption?: string): Promise<ChatSent> {
    const mimeType = IMAGE_TYPES[path.extname(file).toLowerCase()];
    if (!mimeType) throw new ChatError(`${file}: WhatsApp sends photos as .jpg, .jpeg or .png`);
    const size = await stat(file).then(
      (s) => s.size,
      () => -1,
    );
    if (size < 0) throw new ChatError(`${file}: no such file`);
    if (size === 0 || size > IMAGE_LIMIT_BYTES) throw new ChatError(`${file}: a photo must hold 1 byte to 5 MB (WhatsApp's limit); this one has ${size}`);
    const media = await this.graph.uploadMedia(await readFile(file), mimeType);
    return this.post(imageMessage(this.patient, media, caption), `[photo ${path.basename(file)}]${caption ? ` ${caption}` : ''}`);
  }

  /**
   * What the server sent to this patient since the last call, in order. Each message from the clinic is marked
   * delivered and read back to the server (as the patient's phone would), and its buttons or rows become the choices.
   */
  async poll(): Promise<ChatEvent[]> {
    const page = await this.graph.sent({ after: this.cursor, to: this.patient.waId, phoneNumberId: this.channel.phoneNumberId });
    this.cursor = Math.max(this.cursor, page.last);
    const events: ChatEvent[] = [];
    for (const entry of page.sent) {
      if (entry.kind === 'read') {
        if (!this.mine.has(entry.wamid)) continue;
        if (this.waitingFor?.wamid === entry.wamid) this.waitingFor = null;
        events.push({ kind: 'read', wamid: entry.wamid });
        continue;
      }
      this.waitingFor = null;
      const rendered = renderMessage(entry.body, entry.wamid);
      this.offered = rendered.choices;
      events.push({ kind: 'message', wamid: entry.wamid, rendered });
      const failure = await this.markRead(entry.wamid);
      if (failure) events.push({ kind: 'note', text: failure });
    }
    return events;
  }

  private async post(message: Record<string, unknown>, shown: string): Promise<ChatSent> {
    const wamid = wamidOf(message);
    this.mine.add(wamid);
    // Waiting from before the post: a receipt polled while the post's answer is still on its way counts.
    this.waitingFor = { wamid, since: Date.now() };
    try {
      await this.webhook.post(messageNotification(this.channel.phoneNumberId, this.patient, message), this.channel.appSecret);
    } catch (error) {
      if (this.waitingFor?.wamid === wamid) this.waitingFor = null;
      throw error;
    }
    return { wamid, shown };
  }

  /** Tells the server its message was delivered and read; a failure is told once (statuses only move ticks). */
  private async markRead(wamid: string): Promise<string | null> {
    try {
      await this.webhook.post(readNotification(this.channel.phoneNumberId, this.patient, wamid), this.channel.appSecret);
      return null;
    } catch (error) {
      if (this.statusFailureShown) return null;
      this.statusFailureShown = true;
      return `(could not mark the clinic's message read: ${error instanceof Error ? error.message : String(error)})`;
    }
  }
}
