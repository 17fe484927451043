import type { FakeMetaGraph } from '../fakes/meta-graph-fake';
import { withAdmin } from './test-env';
import type { TestApp } from './test-app';
import { contact, eventually, notification, postWebhook, wamid } from './whatsapp';

type Json = Record<string, unknown>;

/** One message the assistant sent, as the fake Graph API received it. */
export interface Reply {
  type: string;
  text: string;
  /** Reply button and list row ids, in order. */
  choices: Array<{ id: string; title: string }>;
}

function replyOf(body: Json): Reply {
  if (body.type === 'text') return { type: 'text', text: String((body.text as Json).body), choices: [] };
  const interactive = body.interactive as Json;
  const text = String((interactive.body as Json).text);
  if (interactive.type === 'button') {
    const buttons = ((interactive.action as Json).buttons as Json[]).map((b) => b.reply as Json);
    return { type: 'buttons', text, choices: buttons.map((b) => ({ id: String(b.id), title: String(b.title) })) };
  }
  const sections = (interactive.action as Json).sections as Json[];
  const rows = sections.flatMap((s) => s.rows as Json[]);
  return { type: 'list', text, choices: rows.map((r) => ({ id: String(r.id), title: String(r.title) })) };
}

/**
 * A patient on WhatsApp: sends messages signed as Meta would, then waits until the assistant has handled each one
 * and every reply has gone out to the fake Graph API, and returns those replies.
 */
export class PatientChat {
  private seen = 0;

  constructor(
    private readonly api: TestApp,
    private readonly graph: FakeMetaGraph,
    private readonly clinic: { id: string; phoneNumberId: string; appSecret: string },
    readonly waId: string,
    private readonly name = 'Patient',
  ) {}

  say(text: string): Promise<Reply[]> {
    return this.send({ type: 'text', text: { body: text } });
  }

  /** Taps a button or a list row the assistant offered. */
  tap(choice: { id: string; title: string }, kind: 'button' | 'list' = 'list'): Promise<Reply[]> {
    const reply = kind === 'button' ? { type: 'button_reply', button_reply: choice } : { type: 'list_reply', list_reply: choice };
    return this.send({ type: 'interactive', interactive: reply });
  }

  image(mediaId: string): Promise<Reply[]> {
    return this.send({ type: 'image', image: { id: mediaId, mime_type: 'image/jpeg' } });
  }

  other(type: string, content: Json): Promise<Reply[]> {
    return this.send({ type, [type]: content });
  }

  private async send(content: Json): Promise<Reply[]> {
    const id = wamid();
    const body = notification(this.clinic.phoneNumberId, {
      contacts: [contact(this.waId, this.name)],
      messages: [{ from: this.waId, id, timestamp: String(Math.floor(Date.now() / 1000)), ...content }],
    });
    const res = await postWebhook(this.api, this.clinic.id, body, this.clinic.appSecret);
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
    const database = `${this.api.prefix}_clinic_${this.clinic.id.replace(/-/g, '')}`;
    await eventually(
      () =>
        withAdmin(database, async (c) => {
          const pending = await c.query(
            `SELECT 1 FROM messages m WHERE m.conversation_id = (SELECT conversation_id FROM messages WHERE whatsapp_message_id = $1)
               AND ((m.direction = 'in' AND m.processed_at IS NULL) OR m.status = 'queued')`,
            [id],
          );
          const stored = await c.query('SELECT 1 FROM messages WHERE whatsapp_message_id = $1', [id]);
          return stored.rows.length === 1 && pending.rows.length === 0 ? true : undefined;
        }),
      `the assistant's answer to ${JSON.stringify(content).slice(0, 60)}`,
    );
    const mine = this.graph.sent.filter((s) => s.kind === 'message' && s.body.to === this.waId);
    const fresh = mine.slice(this.seen).map((s) => replyOf(s.body));
    this.seen = mine.length;
    return fresh;
  }
}

/** The choice whose id starts with `prefix` (the first one), or fails with what was offered. */
export function choice(replies: Reply[], prefix: string): { id: string; title: string } {
  const found = replies.flatMap((r) => r.choices).find((c) => c.id.startsWith(prefix));
  if (!found) throw new Error(`No choice ${prefix} in ${JSON.stringify(replies)}`);
  return found;
}

export function allText(replies: Reply[]): string {
  return replies.map((r) => r.text).join('\n');
}
