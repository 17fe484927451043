import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { ChatError } from './chat-error';
import type { ChatEvent, ChatSent, ChatSession } from './chat-session';
import { labelled } from './render';

export interface ChatTerminal {
  input: Readable;
  output: Writable;
  /** A person at a terminal: prompt, and replies shown as they come. Otherwise (piped lines) each line waits for its answer. */
  interactive: boolean;
}

export interface ChatLoopOptions {
  /** How often the fake is asked for what the server sent (default 300 ms). */
  pollMs?: number;
  /** With no read receipt nor reply this long after a message, say what to check (default 5 s). */
  silenceMs?: number;
  /** Piped lines: the answer to a line is over after this long without anything new (default 1.5 s)… */
  quietMs?: number;
  /** …or this long after the line at most (default 20 s). */
  lineTimeoutMs?: number;
}

export const CHAT_HELP = [
  'Type a message and press Enter. When the clinic offers buttons or a list, type its number to tap it.',
  '/photo <file.jpg|png> [caption]   send a photo',
  '/help                             this help',
  '/quit                             leave (Ctrl-D too)',
].join('\n');

function describe(event: ChatEvent): string {
  switch (event.kind) {
    case 'message':
      return labelled('clinic', event.rendered.lines);
    case 'read':
      return '        (read)';
    case 'note':
      return event.text;
  }
}

/**
 * The terminal chat: reads lines (node:readline/promises), sends them through the session, and shows what the clinic
 * answers, polled from the fake Graph API. Piped input (no TTY) waits for each line's answer, then ends at EOF.
 * Answers 0, or 1 when piped lines got no answer at all (the server does not reach the fake).
 */
export async function runChatLoop(session: ChatSession, terminal: ChatTerminal, options: ChatLoopOptions = {}): Promise<number> {
  const { input, output, interactive } = terminal;
  const pollMs = options.pollMs ?? 300;
  const silenceMs = options.silenceMs ?? 5000;
  const quietMs = options.quietMs ?? 1500;
  const lineTimeoutMs = options.lineTimeoutMs ?? 20_000;
  const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive });
  rl.setPrompt('you> ');
  let open = true;
  let lastEventAt = 0;
  let silenceWarned = false;
  let unanswered = 0;

  const print = (text: string): void => {
    if (interactive && open) output.write('\r\x1b[2K');
    output.write(`${text}\n`);
    if (interactive && open) rl.prompt(true);
  };

  let pollFailure: string | null = null;
  const pollOnce = async (): Promise<void> => {
    try {
      for (const event of await session.poll()) {
        lastEventAt = Date.now();
        print(describe(event));
      }
      pollFailure = null;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== pollFailure) print(message);
      pollFailure = message;
    }
    const since = session.unansweredSince;
    if (since !== null && !silenceWarned && Date.now() - since > silenceMs) {
      silenceWarned = true;
      unanswered += 1;
      print(noAnswerHint(silenceMs, session));
    }
  };
  let polling = true;
  const poller = (async (): Promise<void> => {
    while (polling) {
      await pollOnce();
      await delay(pollMs);
    }
  })();

  /** Piped input: wait until the line is answered and nothing new came for quietMs, or it stays unanswered. */
  const settle = async (sentAt: number): Promise<void> => {
    for (;;) {
      await delay(pollMs);
      const now = Date.now();
      const unansweredSince = session.unansweredSince;
      if (unansweredSince === null && now - Math.max(lastEventAt, sentAt) >= quietMs) return;
      if (unansweredSince !== null && now - unansweredSince > silenceMs + pollMs) return;
      if (now - sentAt > lineTimeoutMs) return;
    }
  };

  const handle = async (line: string): Promise<'quit' | void> => {
    if (line === '/quit') return 'quit';
    if (line === '/help') return print(CHAT_HELP);
    let sent: ChatSent;
    try {
      if (line === '/photo' || line.startsWith('/photo ')) {
        const [file, ...caption] = line.slice('/photo'.length).trim().split(/\s+/);
        if (!file) return print('Usage: /photo <file.jpg|png> [caption]');
        sent = await session.sendPhoto(file, caption.join(' ') || undefined);
      } else if (line.startsWith('/')) {
        return print(`Unknown command ${line.split(/\s/)[0]}.\n${CHAT_HELP}`);
      } else {
        sent = await session.send(line);
      }
    } catch (error) {
      if (error instanceof ChatError) return print(error.message);
      throw error;
    }
    silenceWarned = false;
    if (!interactive) print(`you> ${sent.shown}`);
    else if (sent.shown !== line) print(`     (sent: ${sent.shown})`);
    if (!interactive) await settle(Date.now());
  };

  try {
    if (interactive) rl.prompt();
    for await (const raw of rl) {
      const line = raw.trim();
      if (line && (await handle(line)) === 'quit') break;
      if (interactive) rl.prompt();
    }
  } finally {
    open = false;
    rl.close();
    polling = false;
    await poller;
  }
  return !interactive && unanswered > 0 ? 1 : 0;
}

function noAnswerHint(silenceMs: number, session: ChatSession): string {
  return [
    `(no read receipt nor reply ${silenceMs / 1000} s after your message. The server stored it if no error showed; check that:`,
    `  - the server runs with META_GRAPH_URL set to the fake this chat reads; it sends read receipts and replies there;`,
    `  - the server runs its queue workers (QUEUE_WORKERS is not false), and its log shows no error;`,
    `  - the clinic's WhatsApp channel is active (clinic ${session.channel.clinicId}).)`,
  ].join('\n');
}
