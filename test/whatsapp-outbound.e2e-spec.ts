import type { FakeMetaGraph } from './fakes/meta-graph-fake';
import type { TestApp } from './support/test-app';
import { withAdmin } from './support/test-env';
import { MetaSetup, WhatsAppWorld, contact, eventually, newMetaSetup, notification, postWebhook, startWhatsAppWorld, textMessage, wamid } from './support/whatsapp';

interface Message {
  id: string;
  status: string;
  whatsapp_message_id: string | null;
  error: Record<string, unknown> | null;
  media: { status: string; download_path: string | null } | null;
}

describe('WhatsApp outbound: sends, statuses, failures and media', () => {
  let api: TestApp;
  let graph: FakeMetaGraph;
  let clinicId: string;
  let token: string;
  let meta: MetaSetup;
  let patientCounter = 0;

  const base = (): string => `/api/clinics/${clinicId}`;
  const clinicDb = (): string => `${api.prefix}_clinic_${clinicId.replace(/-/g, '')}`;

  /**
   * A patient writes and the assistant has answered (its replies are out): the conversation exists and is quiet.
   * `mark` is where this test's own requests to the fake Graph API start.
   */
  async function conversationWithPatient(): Promise<{ conversationId: string; waId: string; mark: number }> {
    patientCounter += 1;
    const waId = `3367000${String(patientCounter).padStart(4, '0')}`;
    const id = wamid();
    await postWebhook(api, clinicId, notification(meta.phoneNumberId, { contacts: [contact(waId)], messages: [textMessage(waId, 'Bonjour', id)] }), meta.appSecret);
    const conversationId = await eventually(
      () =>
        withAdmin(clinicDb(), async (c) => {
          const row = await c.query<{ conversation_id: string }>('SELECT conversation_id FROM messages WHERE whatsapp_message_id = $1 AND processed_at IS NOT NULL', [id]);
          const busy = await c.query(`SELECT 1 FROM messages WHERE conversation_id = $1 AND status = 'queued'`, [row.rows[0]?.conversation_id ?? null]);
          return row.rows[0] && busy.rows.length === 0 ? row.rows[0].conversation_id : undefined;
        }),
      'conversation',
    );
    return { conversationId, waId, mark: graph.requests.length };
  }

  const reply = (conversationId: string, text: string): Promise<{ status: number; body: Message }> =>
    api.post<Message>(`${base()}/conversations/${conversationId}/messages`, { text }, token);

  const messageOf = (id: string): Promise<Message> =>
    withAdmin(clinicDb(), async (c) => (await c.query<Message>('SELECT id, status, whatsapp_message_id, error FROM messages WHERE id = $1', [id])).rows[0]);

  const settled = (id: string, statuses = ['sent', 'failed']): Promise<Message> =>
    eventually(async () => {
      const message = await messageOf(id);
      return statuses.includes(message.status) ? message : undefined;
    }, `message ${id} to reach ${statuses.join('/')}`, 30_000);

  const attemptsTo = (waId: string, mark: number): number => graph.requests.slice(mark).filter((r) => r.route === 'message' && r.body?.to === waId && r.body.type !== undefined).length;

  const statusNotification = (whatsappId: string, status: string, errors?: unknown[]): Record<string, unknown> =>
    notification(meta.phoneNumberId, { statuses: [{ id: whatsappId, status, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: '33600000000', ...(errors ? { errors } : {}) }] });

  let world: WhatsAppWorld;

  beforeAll(async () => {
    world = await startWhatsAppWorld();
    ({ api, graph, clinicId, token, meta } = world);
  });

  afterAll(async () => {
    await world.stop();
  });

  beforeEach(() => graph.reset());

  it('sends a staff reply through the Cloud API and keeps the WhatsApp id Meta returned', async () => {
    const { conversationId, waId } = await conversationWithPatient();
    const res = await reply(conversationId, 'Votre rendez-vous est confirmé ✅');
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('queued');
    const sent = await settled(res.body.id);
    expect(sent.status).toBe('sent');
    const request = graph.sent.find((s) => s.kind === 'message' && s.wamid === sent.whatsapp_message_id);
    expect(request?.body).toMatchObject({ messaging_product: 'whatsapp', to: waId, type: 'text', text: { body: 'Votre rendez-vous est confirmé ✅' } });
    expect(request?.token).toBe(meta.accessToken);
  });

  it('moves statuses only forward, even out of order, and keeps Meta\'s error of a failed message', async () => {
    const { conversationId } = await conversationWithPatient();
    const first = await settled((await reply(conversationId, 'one')).body.id);
    await postWebhook(api, clinicId, statusNotification(first.whatsapp_message_id as string, 'read'), meta.appSecret);
    await postWebhook(api, clinicId, statusNotification(first.whatsapp_message_id as string, 'delivered'), meta.appSecret);
    await postWebhook(api, clinicId, statusNotification(first.whatsapp_message_id as string, 'sent'), meta.appSecret);
    expect((await messageOf(first.id)).status).toBe('read');

    const second = await settled((await reply(conversationId, 'two')).body.id);
    const errors = [{ code: 131049, title: 'This message was not delivered to maintain healthy ecosystem engagement.', error_data: { details: 'healthy ecosystem' } }];
    await postWebhook(api, clinicId, statusNotification(second.whatsapp_message_id as string, 'failed', errors), meta.appSecret);
    const failed = await messageOf(second.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toEqual({ errors: [{ code: 131049, title: errors[0].title, details: 'healthy ecosystem' }] });
  });

  it.each([
    ['outside the 24-hour window (131047)', 131047, 'outside_window'],
    ['undeliverable (131026)', 131026, 'undeliverable'],
    ['refused as a template error (132001)', 132001, 'template'],
  ])('fails a send %s at once, without retrying, and records why', async (_name, code, kind) => {
    const { conversationId, waId, mark } = await conversationWithPatient();
    graph.failNext(1, { httpStatus: 400, code });
    const failed = await settled((await reply(conversationId, 'late answer')).body.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ kind, code });
    expect(attemptsTo(waId, mark)).toBe(1);
    const logged = await withAdmin(clinicDb(), (c) => c.query(`SELECT event FROM system_logs WHERE details->>'messageId' = $1`, [failed.id]));
    expect(logged.rows).toHaveLength(1);
  });

  it.each([
    ['throttled (130429)', 400, 130429],
    ['throttled (131056)', 400, 131056],
    ['answered with a server error (500)', 500, 131000],
  ])('retries a send %s, keeping one patient\'s messages in order', async (_name, httpStatus, code) => {
    const { conversationId, waId, mark } = await conversationWithPatient();
    graph.failNext(1, { httpStatus, code });
    const first = await reply(conversationId, 'first');
    const second = await reply(conversationId, 'second');
    await settled(second.body.id);
    expect((await messageOf(first.body.id)).status).toBe('sent');
    const order = graph.requests.slice(mark).filter((r) => r.route === 'message' && r.body?.to === waId).map((r) => (r.body?.text as { body: string }).body);
    expect(order).toEqual(['first', 'first', 'second']);
    expect(attemptsTo(waId, mark)).toBe(3);
  }, 60_000);

  it('marks the configuration as needing a new token on 190, keeps the message queued, and sends it once a new token is put', async () => {
    const { conversationId } = await conversationWithPatient();
    const expired = newMetaSetup().accessToken;
    graph.tokens.set(meta.phoneNumberId, expired); // Meta no longer accepts the clinic's token
    const queued = await reply(conversationId, 'after the token expired');
    const config = await eventually(async () => {
      const res = await api.get<{ needs_new_token: boolean }>(`${base()}/whatsapp`, token);
      return res.body.needs_new_token ? res.body : undefined;
    }, 'needs_new_token');
    expect(config.needs_new_token).toBe(true);
    expect((await messageOf(queued.body.id)).status).toBe('queued');

    meta = { ...meta, accessToken: expired };
    expect((await api.request('PUT', `${base()}/whatsapp`, { token, body: { phone_number_id: meta.phoneNumberId, access_token: expired } })).status).toBe(200);
    expect((await settled(queued.body.id)).status).toBe('sent');
    expect((await api.get<{ needs_new_token: boolean }>(`${base()}/whatsapp`, token)).body.needs_new_token).toBe(false);
  });

  describe('media', () => {
    async function sendMedia(bytes: Buffer, options: { mimeType?: string; sha256Override?: string; type?: string } = {}): Promise<Message> {
      const type = options.type ?? 'image';
      const mediaId = graph.addMedia({ mimeType: options.mimeType ?? 'image/jpeg', bytes, sha256Override: options.sha256Override });
      const id = wamid();
      const from = '33688888888';
      await postWebhook(
        api,
        clinicId,
        notification(meta.phoneNumberId, { contacts: [contact(from)], messages: [{ from, id, timestamp: String(Math.floor(Date.now() / 1000)), type, [type]: { id: mediaId, mime_type: options.mimeType ?? 'image/jpeg' } }] }),
        meta.appSecret,
      );
      const conversationId = await eventually(
        () => withAdmin(clinicDb(), async (c) => (await c.query<{ conversation_id: string }>(`SELECT conversation_id FROM messages WHERE whatsapp_message_id = $1 AND processed_at IS NOT NULL`, [id])).rows[0]?.conversation_id),
        'media processing',
      );
      const page = await api.get<{ items: Array<Message & { whatsapp_message_id: string }> }>(`${base()}/conversations/${conversationId}/messages`, token);
      const message = page.body.items.find((m) => m.whatsapp_message_id === id);
      if (!message) throw new Error('message not listed');
      return message;
    }

    it('keeps a photo the patient sent, under uploads/{type}/{clinic}/, downloadable by the clinic\'s staff only', async () => {
      const bytes = Buffer.from('\xff\xd8\xff\xe0 a small jpeg of an insurance card', 'latin1');
      const message = await sendMedia(bytes);
      expect(message.media).toMatchObject({ status: 'stored', download_path: `${base()}/messages/${message.id}/media` });
      const stored = await withAdmin(clinicDb(), async (c) => (await c.query<{ media_path: string }>('SELECT media_path FROM messages WHERE id = $1', [message.id])).rows[0].media_path);
      expect(stored).toMatch(new RegExp(`^image/${clinicId}/[0-9a-f-]{36}\\.jpg$`));
      const download = await fetch(`${api.baseUrl}${message.media?.download_path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('image/jpeg');
      expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);

      const superToken = await api.superadminToken();
      const other = await api.provisionClinic(superToken);
      const otherAdmin = await api.createClinicAdmin(superToken, other.id);
      expect((await fetch(`${api.baseUrl}${message.media?.download_path}`, { headers: { authorization: `Bearer ${otherAdmin.token}` } })).status).toBe(403);
      expect((await fetch(`${api.baseUrl}/api/clinics/${other.id}/messages/${message.id}/media`, { headers: { authorization: `Bearer ${otherAdmin.token}` } })).status).toBe(404);
      expect((await fetch(`${api.baseUrl}${message.media?.download_path}`)).status).toBe(401);
    });

    it('refuses an image over Meta\'s 5 MB limit and one whose checksum does not match', async () => {
      const large = await sendMedia(Buffer.alloc(5 * 1024 * 1024 + 1, 1));
      expect(large.media?.status).toBe('rejected');
      const tampered = await sendMedia(Buffer.from('bytes'), { sha256Override: 'a'.repeat(64) });
      expect(tampered.media?.status).toBe('rejected');
      expect(tampered.media?.download_path).toBeNull();
    });

    it('keeps a PDF document', async () => {
      const message = await sendMedia(Buffer.from('%PDF-1.4 attestation de droits'), { mimeType: 'application/pdf', type: 'document' });
      expect(message.media?.status).toBe('stored');
    });
  });
});
