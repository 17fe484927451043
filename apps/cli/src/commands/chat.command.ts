import type { Readable } from 'node:stream';
import { CliIo, withCliContext, writeLine } from '../cli-context';
import { ChatError } from '../chat/chat-error';
import { CHAT_HELP, runChatLoop } from '../chat/chat-loop';
import { ChatSession } from '../chat/chat-session';
import { readChatChannel } from '../chat/clinic-channel';
import { labelled } from '../chat/render';
import { FakeGraphClient } from '../chat/fake-graph-client';
import { WebhookClient } from '../chat/webhook-client';

export interface ChatOptions {
  clinic: string;
  phone: string;
  api: string;
  graph: string;
  name: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `chat`: talk to a clinic's assistant as a WhatsApp patient, with no Meta account: signed webhooks to the server,
 * its answers read back from the fake Graph API it sends to. Exit 2 when something is missing (told how to fix it).
 */
export async function chatCommand(io: CliIo, stdin: Readable & { isTTY?: boolean }, options: ChatOptions): Promise<number> {
  const waId = options.phone.replace(/[\s().+-]/g, '');
  if (!UUID.test(options.clinic)) return fail(io, `--clinic must be a clinic id (a UUID); see \`npm run cli -- clinics list\`.`);
  if (!/^[1-9]\d{5,14}$/.test(waId)) return fail(io, '--phone must be an international number, e.g. 33612345678 or +33 6 12 34 56 78.');
  const webhook = new WebhookClient(options.api.replace(/\/+$/, ''), options.clinic.toLowerCase());
  const graph = new FakeGraphClient(options.graph.replace(/\/+$/, ''));
  try {
    // Servers first: without them there is nothing to open a database for.
    await webhook.checkServer();
    await graph.check();
    const channel = await withCliContext(io, (ctx) => readChatChannel(ctx, webhook.clinicId), { clinicServices: true });
    const session = new ChatSession(channel, { waId, name: options.name }, webhook, graph);
    const earlier = await session.start();
    writeLine(io.stdout, `Chatting with ${channel.clinicName} as +${waId} (${options.name}), through ${webhook.apiUrl} and the fake Graph API at ${graph.baseUrl}.`);
    if (earlier?.kind === 'message') writeLine(io.stdout, `Last message from the clinic:\n${labelled('clinic', earlier.rendered.lines)}`);
    if (!channel.isActive) writeLine(io.stdout, "Its WhatsApp channel is switched off: messages are stored, but nothing is sent back.");
    const interactive = Boolean(stdin.isTTY) && Boolean((io.stdout as { isTTY?: boolean }).isTTY);
    if (interactive) writeLine(io.stdout, CHAT_HELP);
    return await runChatLoop(session, { input: stdin, output: io.stdout, interactive });
  } catch (error) {
    if (error instanceof ChatError) return fail(io, error.message);
    throw error;
  }
}

function fail(io: CliIo, message: string): number {
  writeLine(io.stderr, message);
  return 2;
}
