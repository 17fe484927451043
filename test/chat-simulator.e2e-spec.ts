import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../apps/cli/src/cli';
import { withCliContext } from '../apps/cli/src/cli-context';
import { ChatError } from '../apps/cli/src/chat/chat-error';
import { runChatLoop } from '../apps/cli/src/chat/chat-loop';
import { ChatChannel, ChatEvent, ChatSession } from '../apps/cli/src/chat/chat-session';
import { readChatChannel } from '../apps/cli/src/chat/clinic-channel';
import { FakeGraphClient } from '../apps/cli/src/chat/fake-graph-client';
import { WebhookClient } from '../apps/cli/src/chat/webhook-client';
import { TenantContext } from '../libs/tenancy/src';
import { OutboundService, WhatsAppConfigService } from '../libs/whatsapp/src';
import { withAdmin } from './support/test-env';
import { eventually, startWhatsAppWorld, WhatsAppWorld } from './support/whatsapp';

interface CliRun {
  code: number;
  out: string;
  err: string;
}

interface StoredMessage {
  id: string;
  conversation_id: string;
  type: string;
  text: string | null;
  payload: Record<string, unknown>;
  media_status: string | null;
}

describe('Chat simulator (seed-demo and chat)', () => {
  let world: WhatsAppWorld;
  let seeded: CliRun;
  let clinicId: string;
  let channel: ChatChannel;
  let phoneCounter = 0;

  const env = (): NodeJS.ProcessEnv => world.api.env;
  const io = (): { env: NodeJS.ProcessEnv; stdout: PassThrough; stderr: PassThrough } => ({ env: env(), stdout: new PassThrough(), stderr: new PassThrough() });
  const cli = async (...argv: string[]): Promise<CliRun> => {
    const streams = io();
    let out = '';
    let err = '';
    streams.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    streams.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await runCli(argv, streams);
    return { code, out, err };
  };
  const clinicDb = (id: string): string => `${world.api.prefix}_clinic_${id.replace(/-/g, '')}`;
  const messageRow = (wamid: string): Promise<StoredMessage | undefined> =>
    withAdmin(clinicDb(clinicId), async (c) => (await c.query<StoredMessage>('SELECT * FROM messages WHERE whatsapp_message_id = $1', [wamid])).rows[0]);
  /** A session for a patient of their own, so tests do not see each other's messages. */
  const newSession = async (): Promise<ChatSession> => {
    phoneCounter += 1;
    const session = new ChatSession(channel, { waId: `3361234${String(phoneCounter).padStart(4, '0')}`, name: 'Marie' }, new WebhookClient(world.api.baseUrl, clinicId), new FakeGraphClient(world.graph.baseUrl));
    await session.start();
    return session;
  };
  /** Polls the session until an event of `kind` comes, keeping every event seen. */
  const nextEvent = (session: ChatSession, kind: ChatEvent['kind'], seen: ChatEvent[] = []): Promise<ChatEvent> =>
    eventually(async () => {
      seen.push(...(await session.poll()));
      return seen.find((e) => e.kind === kind);
    }, `a ${kind} event`);

  beforeAll(async () => {
    world = await startWhatsAppWorld();
    seeded = await cli('seed-demo');
    clinicId = /Demo clinic provisioned: ([0-9a-f-]{36})/.exec(seeded.out)?.[1] as string;
    if (!clinicId) throw new Error(`seed-demo failed (${seeded.code}): ${seeded.out}\n${seeded.err}`);
    channel = await withCliContext(io(), (ctx) => readChatChannel(ctx, clinicId), { clinicServices: true });
    // The fake checks the demo clinic's token too, as Meta would (the world registered its own clinic's).
    const credentials = await world.api.app.get(TenantContext).runForClinic(clinicId, () => world.api.app.get(WhatsAppConfigService).credentials());
    world.graph.tokens.set(channel.phoneNumberId, credentials?.accessToken as string);
  });

  afterAll(async () => {
    await world?.stop();
  });

  describe('seed-demo', () => {
    it('provisions a clinic with its profile, an admin, practitioners, treatments, hours and a WhatsApp configuration', async () => {
      expect(seeded.code).toBe(0);
      expect(seeded.out).toContain(`npm run cli -- chat --clinic ${clinicId} --phone 33612345678`);
      const username = /Clinic admin: (\S+)/.exec(seeded.out)?.[1] as string;
      const password = /Password \(shown once\): (\S+)/.exec(seeded.out)?.[1] as string;
      const token = await world.api.login(username, password);

      const profile = await world.api.get<Record<string, unknown>>(`/api/clinics/${clinicId}`, token);
      expect(profile.body).toMatchObject({
        name: expect.stringMatching(/^Clinique Démo [0-9a-f]{6}$/),
        timezone: 'Europe/Paris',
        emergency_message: 'Pour les urgences, appelez le 15.',
        default_language: 'fr',
        address: expect.any(String),
        phone: expect.any(String),
        website: expect.stringMatching(/^https:/),
        opening_hours: expect.any(String),
        onboarding_form_url: expect.stringMatching(/^https:/),
      });

      const treatments = await world.api.get<{ items: Array<{ name: Record<string, string>; duration_minutes: number }> }>(`/api/clinics/${clinicId}/treatments`, token);
      expect(treatments.body.items).toHaveLength(4);
      for (const t of treatments.body.items) expect(Object.keys(t.name).sort()).toEqual(['de', 'en', 'es', 'fr', 'it']);

      const practitioners = await world.api.get<{ items: Array<{ id: string; last_name: string; specialty: string }> }>(`/api/clinics/${clinicId}/practitioners`, token);
      expect(practitioners.body.items.map((p) => p.last_name).sort()).toEqual(['Bernard', 'Martin', 'Petit']);
      const martin = practitioners.body.items.find((p) => p.last_name === 'Martin') as { id: string };
      const week = await world.api.get<{ ranges: Array<{ weekday: number; start: string; end: string }> }>(`/api/clinics/${clinicId}/practitioners/${martin.id}/working-hours`, token);
      expect(week.body.ranges.filter((r) => r.weekday === 1)).toEqual([
        { weekday: 1, start: '09:00', end: '12:30' },
        { weekday: 1, start: '14:00', end: '18:30' },
      ]);
      expect(week.body.ranges.filter((r) => r.weekday === 6)).toEqual([{ weekday: 6, start: '09:00', end: '12:30' }]);
      expect(seeded.out).toContain('Mon-Fri 09:00-12:30, 14:00-18:30; Sat 09:00-12:30');

      const whatsapp = await world.api.get<Record<string, unknown>>(`/api/clinics/${clinicId}/whatsapp`, token);
      expect(whatsapp.body).toMatchObject({ configured: true, phone_number_id: channel.phoneNumberId, is_active: true, webhook_secret: { is_set: true } });
      expect(channel.appSecret.slice(-4)).toBe((whatsapp.body.webhook_secret as { last4: string }).last4);
    });

    it('makes another demo clinic when run again', async () => {
      const again = await cli('seed-demo', '--name', 'Cabinet Test');
      expect(again.code).toBe(0);
      const id = /Demo clinic provisioned: ([0-9a-f-]{36}) \((Cabinet Test [0-9a-f]{6})\)/.exec(again.out);
      expect(id?.[1]).toBeDefined();
      expect(id?.[1]).not.toBe(clinicId);
    });
  });

  describe('chat building blocks', () => {
    it('posts a signed text the server stores, and shows the read receipt the server sends to the fake', async () => {
      const session = await newSession();
      const sent = await session.send('Bonjour, je voudrais un rendez-vous');
      const stored = await eventually(() => messageRow(sent.wamid), 'the message in the clinic database');
      expect(stored).toMatchObject({ type: 'text', text: 'Bonjour, je voudrais un rendez-vous' });

      const receipt = await eventually(async () => {
        const page = (await (await fetch(`${world.graph.baseUrl}/_fake/sent?after=0&to=${session.patient.waId}`)).json()) as { sent: Array<{ kind: string; wamid: string }> };
        return page.sent.find((s) => s.kind === 'read' && s.wamid === sent.wamid);
      }, 'a read receipt in /_fake/sent');
      expect(receipt).toBeDefined();
      expect(await nextEvent(session, 'read')).toEqual({ kind: 'read', wamid: sent.wamid });
      expect(session.unansweredSince).toBeNull();
    });

    it('answers "2" after a list from the clinic with that row, as a list_reply quoting the list', async () => {
      const session = await newSession();
      const first = await session.send('Bonjour');
      const conversationId = (await eventually(() => messageRow(first.wamid), 'the first message')).conversation_id;
      // Whatever the assistant answered (nothing, while none is installed) is sent and shown first.
      const seen: ChatEvent[] = [];
      await nextEvent(session, 'read', seen);
      await eventually(async () => {
        seen.push(...(await session.poll()));
        const out = await withAdmin(clinicDb(clinicId), async (c) =>
          (await c.query<{ queued: number; sent: number }>(
            `SELECT count(*) FILTER (WHERE whatsapp_message_id IS NULL)::int AS queued, count(whatsapp_message_id)::int AS sent FROM messages WHERE conversation_id = $1 AND direction = 'out'`,
            [conversationId],
          )).rows[0],
        );
        return out.queued === 0 && seen.filter((e) => e.kind === 'message').length === out.sent ? true : undefined;
      }, "the assistant's answers shown");

      // The clinic sends a list the way the assistant's replies go out: stored, then sent by the queue through the fake.
      const context = world.api.app.get(TenantContext);
      const outbound = world.api.app.get(OutboundService);
      await context.runForClinic(clinicId, async () => {
        await outbound.enqueue(
          conversationId,
          {
            kind: 'list',
            body: 'Choisissez un créneau',
            buttonText: 'Créneaux',
            sections: [{ title: 'Lundi 7 décembre', rows: [{ id: 'slot:0900', title: '09:00', description: 'Dr Martin' }, { id: 'slot:0930', title: '09:30', description: 'Dr Martin' }] }],
          },
          'assistant',
          null,
        );
        await outbound.dispatch(conversationId);
      });

      const list = await eventually(async () => {
        seen.push(...(await session.poll()));
        return seen.find((e): e is Extract<ChatEvent, { kind: 'message' }> => e.kind === 'message' && e.rendered.lines[0] === 'Choisissez un créneau');
      }, 'the list shown');
      expect(list.rendered.lines).toEqual(['Choisissez un créneau', '[Créneaux]', 'Lundi 7 décembre:', '  1) 09:00 - Dr Martin', '  2) 09:30 - Dr Martin']);

      // A chat started again for this patient shows the list again, and its numbers still tap it.
      const resumed = new ChatSession(channel, session.patient, new WebhookClient(world.api.baseUrl, clinicId), new FakeGraphClient(world.graph.baseUrl));
      expect(await resumed.start()).toEqual(list);
      expect(resumed.messageFor('2')).toMatchObject({ shown: '2) 09:30' });

      const { message, shown } = session.messageFor('2');
      expect(shown).toBe('2) 09:30');
      expect(message).toMatchObject({
        from: session.patient.waId,
        type: 'interactive',
        interactive: { type: 'list_reply', list_reply: { id: 'slot:0930', title: '09:30', description: 'Dr Martin' } },
        context: { id: list.wamid },
      });
      expect(session.messageFor('3').message).toMatchObject({ type: 'text', text: { body: '3' } });

      const answer = await session.send('2');
      const stored = await eventually(() => messageRow(answer.wamid), 'the list reply in the clinic database');
      expect(stored).toMatchObject({ type: 'interactive', text: '09:30', payload: { type: 'list_reply', list_reply: { id: 'slot:0930' }, context: { id: list.wamid } } });
      // The patient's phone marked the list read: the server moved it forward.
      await eventually(
        () => withAdmin(clinicDb(clinicId), async (c) => (await c.query<{ status: string }>(`SELECT status FROM messages WHERE whatsapp_message_id = $1 AND status = 'read'`, [list.wamid])).rows[0]),
        'the list marked read',
      );
    });

    it('sends a photo through the fake media store; the server fetches and keeps it', async () => {
      const session = await newSession();
      const dir = await mkdtemp(path.join(tmpdir(), 'sophie-chat-'));
      try {
        const file = path.join(dir, 'carte.jpg');
        await writeFile(file, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]));
        const sent = await session.sendPhoto(file, 'Ma carte vitale');
        expect(sent.shown).toBe('[photo carte.jpg] Ma carte vitale');
        const stored = await eventually(async () => {
          const row = await messageRow(sent.wamid);
          return row?.media_status === 'stored' ? row : undefined;
        }, 'the photo stored');
        expect(stored).toMatchObject({ type: 'image', text: 'Ma carte vitale' });
        await expect(session.sendPhoto(path.join(dir, 'scan.gif'))).rejects.toThrow(ChatError);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('reads piped lines, shows the read receipt and ends at EOF', async () => {
      const session = await newSession();
      const input = new PassThrough();
      const output = new PassThrough();
      let shown = '';
      output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
      input.end('Bonjour\n');
      const code = await runChatLoop(session, { input, output, interactive: false }, { silenceMs: 30_000, lineTimeoutMs: 40_000, quietMs: 300 });
      expect(code).toBe(0);
      expect(shown).toMatch(/^you> Bonjour\n {8}\(read\)\n/);
    });
  });

  describe('what it says when something is missing', () => {
    it('names a clinic without WhatsApp configuration', async () => {
      const bare = await world.api.provisionClinic(world.superToken);
      await expect(withCliContext(io(), (ctx) => readChatChannel(ctx, bare.id), { clinicServices: true })).rejects.toThrow(/has no WhatsApp configuration.*seed-demo/);
    });

    it('names an unreachable server or fake and exits 2', async () => {
      const noServer = await cli('chat', '--clinic', clinicId, '--api', 'http://127.0.0.1:9', '--graph', world.graph.baseUrl);
      expect(noServer.code).toBe(2);
      expect(noServer.err).toMatch(/server is not reachable at http:\/\/127\.0\.0\.1:9 .*npm start/);
      const noFake = await cli('chat', '--clinic', clinicId, '--api', world.api.baseUrl, '--graph', 'http://127.0.0.1:9');
      expect(noFake.code).toBe(2);
      expect(noFake.err).toMatch(/fake Graph API is not reachable at http:\/\/127\.0\.0\.1:9 .*npm run fake:meta/);
      const notFake = await cli('chat', '--clinic', clinicId, '--api', world.api.baseUrl, '--graph', world.api.baseUrl);
      expect(notFake.code).toBe(2);
      expect(notFake.err).toMatch(/does not look like Sophie's fake Graph API/);
    });
  });
});
