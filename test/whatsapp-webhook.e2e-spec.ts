import type { FakeMetaGraph } from './fakes/meta-graph-fake';
import type { TestApp } from './support/test-app';
import { withAdmin } from './support/test-env';
import { MetaSetup, WhatsAppWorld, configureWhatsApp, contact, eventually, newMetaSetup, notification, postWebhook, startWhatsAppWorld, textMessage, wamid } from './support/whatsapp';

interface StoredMessage {
  whatsapp_message_id: string;
  type: string;
  text: string | null;
  payload: Record<string, unknown>;
  status: string;
  processed_at: Date | null;
  media_status: string | null;
}

describe('WhatsApp webhook intake', () => {
  let api: TestApp;
  let graph: FakeMetaGraph;
  let superToken: string;
  let clinicId: string;
  let token: string;
  let meta: MetaSetup;

  const clinicDb = (id: string): string => `${api.prefix}_clinic_${id.replace(/-/g, '')}`;
  const inbound = (id = clinicId): Promise<StoredMessage[]> =>
    withAdmin(clinicDb(id), async (c) => (await c.query<StoredMessage>(`SELECT * FROM messages WHERE direction = 'in' ORDER BY sequence`)).rows);
  const messageRow = (whatsappId: string): Promise<StoredMessage | undefined> =>
    withAdmin(clinicDb(clinicId), async (c) => (await c.query<StoredMessage>('SELECT * FROM messages WHERE whatsapp_message_id = $1', [whatsappId])).rows[0]);

  let world: WhatsAppWorld;

  beforeAll(async () => {
    world = await startWhatsAppWorld();
    ({ api, graph, clinicId, token, meta } = world);
    superToken = world.superToken;
  });

  afterAll(async () => {
    await world.stop();
  });

  describe('configuration', () => {
    it('keeps secrets write-only: GET shows that they are set and their last 4 characters, never the values', async () => {
      const res = await api.get<Record<string, unknown>>(`/api/clinics/${clinicId}/whatsapp`, token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        configured: true,
        phone_number_id: meta.phoneNumberId,
        access_token: { is_set: true, last4: meta.accessToken.slice(-4) },
        webhook_secret: { is_set: true, last4: meta.appSecret.slice(-4) },
        verify_token: { is_set: true, last4: meta.verifyToken.slice(-4) },
        needs_new_token: false,
        webhook_path: `/webhook/whatsapp/${clinicId}`,
      });
      expect(JSON.stringify(res.body)).not.toContain(meta.accessToken);
      const sealed = await withAdmin(clinicDb(clinicId), (c) => c.query('SELECT * FROM whatsapp_config'));
      expect(JSON.stringify(sealed.rows)).not.toMatch(new RegExp(`${meta.accessToken}|${meta.appSecret}|${meta.verifyToken}`));
    });

    it('gives a phone number id to one clinic only (409 for another), and asks for every secret the first time', async () => {
      const other = await api.provisionClinic(superToken);
      const otherAdmin = await api.createClinicAdmin(superToken, other.id);
      const taken = await api.request('PUT', `/api/clinics/${other.id}/whatsapp`, {
        token: otherAdmin.token,
        body: { phone_number_id: meta.phoneNumberId, verify_token: 'another-verify', access_token: 'EAAGanother-token-0123456789', webhook_secret: 'another-secret-0123' },
      });
      expect(taken.status).toBe(409);
      expect(taken.body).toMatchObject({ code: 'WHATSAPP_NUMBER_TAKEN' });
      const incomplete = await api.request('PUT', `/api/clinics/${other.id}/whatsapp`, { token: otherAdmin.token, body: { phone_number_id: '123456789' } });
      expect(incomplete.status).toBe(400);
      expect(incomplete.body).toMatchObject({ code: 'WHATSAPP_SECRET_REQUIRED' });
    });
  });

  describe('verification', () => {
    const verify = (query: string): ReturnType<TestApp['request']> => api.request('GET', `/webhook/whatsapp/${clinicId}?${query}`);

    it('answers the challenge as plain text to subscribe with the clinic\'s verify token', async () => {
      const res = await verify(`hub.mode=subscribe&hub.verify_token=${meta.verifyToken}&hub.challenge=1158201444`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(res.body).toBe(1158201444);
    });

    it.each([
      ['a wrong token', () => `hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`],
      ['another mode', () => `hub.mode=unsubscribe&hub.verify_token=${meta.verifyToken}&hub.challenge=1`],
      ['no token', () => `hub.mode=subscribe&hub.challenge=1`],
    ])('refuses %s with 403', async (_name, query) => {
      expect((await verify(query())).status).toBe(403);
    });
  });

  describe('signatures', () => {
    const body = (): Record<string, unknown> => notification(meta.phoneNumberId, { contacts: [contact('33600000001')], messages: [textMessage('33600000001', 'secret body')] });

    it.each([
      ['missing', null],
      ['wrong', `sha256=${'0'.repeat(64)}`],
      ['malformed', 'sha1=abc'],
    ])('refuses a %s signature with 403 and stores nothing', async (_name, signature) => {
      const before = (await inbound()).length;
      const res = await postWebhook(api, clinicId, body(), meta.appSecret, signature);
      expect(res.status).toBe(403);
      expect((await inbound()).length).toBe(before);
    });

    it('refuses a body signed with another clinic\'s secret, or altered after signing', async () => {
      const before = (await inbound()).length;
      expect((await postWebhook(api, clinicId, body(), newMetaSetup().appSecret)).status).toBe(403);
      const raw = JSON.stringify(body());
      const { signatureOf } = await import('@sophie/whatsapp');
      const signature = signatureOf(raw, meta.appSecret);
      expect((await postWebhook(api, clinicId, raw.replace('secret body', 'altered body'), meta.appSecret, signature)).status).toBe(403);
      expect((await inbound()).length).toBe(before);
    });

    it('records refused signatures in the clinic\'s system log', async () => {
      const rows = await withAdmin(clinicDb(clinicId), (c) => c.query<{ event: string }>(`SELECT event FROM system_logs WHERE event = 'whatsapp.bad_signature'`));
      expect(rows.rows.length).toBeGreaterThan(0);
    });
  });

  describe('intake', () => {
    it('stores every message of every entry in one POST, of every type, before answering 200', async () => {
      const from = '33611223344';
      const imageId = graph.addMedia({ mimeType: 'image/jpeg', bytes: Buffer.from('fake jpeg bytes of an insurance card') });
      const documentId = graph.addMedia({ mimeType: 'application/pdf', bytes: Buffer.from('%PDF-1.4 attestation') });
      const ts = String(Math.floor(Date.now() / 1000));
      const ids = Array.from({ length: 8 }, () => wamid());
      const messages = [
        { from, id: ids[0], timestamp: ts, type: 'text', text: { body: 'Bonjour, j\'ai mal à la dent 🦷 — ça presse ?' } },
        { from, id: ids[1], timestamp: ts, type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'book', title: 'Prendre RDV' } } },
        { from, id: ids[2], timestamp: ts, type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 'slot-1', title: 'Lundi 9:00', description: 'Dr Martin' } } },
        { from, id: ids[3], timestamp: ts, type: 'button', button: { payload: 'CONFIRM', text: 'Confirmer' }, context: { from: '15550783881', id: 'wamid.template' } },
        { from, id: ids[4], timestamp: ts, type: 'image', image: { id: imageId, mime_type: 'image/jpeg', sha256: 'x', caption: 'Ma carte vitale' } },
        { from, id: ids[5], timestamp: ts, type: 'document', document: { id: documentId, mime_type: 'application/pdf', filename: 'attestation.pdf' } },
        { from, id: ids[6], timestamp: ts, type: 'location', location: { latitude: 48.8566, longitude: 2.3522, name: 'Maison', address: '1 rue de Paris' } },
      ];
      const body = {
        object: 'whatsapp_business_account',
        entry: [
          notification(meta.phoneNumberId, { contacts: [contact(from, 'Élodie')], messages: messages.slice(0, 4) }).entry,
          notification(meta.phoneNumberId, { contacts: [contact(from, 'Élodie')], messages: messages.slice(4) }).entry,
          notification(meta.phoneNumberId, { contacts: [contact('33699999999')], messages: [textMessage('33699999999', 'second patient', ids[7])] }).entry,
        ].flat(),
      };
      const res = await postWebhook(api, clinicId, body, meta.appSecret);
      expect(res.status).toBe(200);
      const stored = await Promise.all(ids.map((id) => messageRow(id)));
      expect(stored.map((m) => m?.type)).toEqual(['text', 'interactive', 'interactive', 'button', 'image', 'document', 'location', 'text']);
      expect(stored[0]?.text).toBe('Bonjour, j\'ai mal à la dent 🦷 — ça presse ?');
      expect(stored.slice(1, 4).map((m) => m?.text)).toEqual(['Prendre RDV', 'Lundi 9:00', 'Confirmer']);
      expect(stored[1]?.payload).toMatchObject({ button_reply: { id: 'book' } });
      expect(stored[3]?.payload).toMatchObject({ payload: 'CONFIRM' });
      expect(stored[6]?.payload).toMatchObject({ latitude: 48.8566, longitude: 2.3522 });
      const conversations = await withAdmin(clinicDb(clinicId), (c) => c.query<{ wa_id: string; user_phone: string; profile_name: string }>(`SELECT wa_id, user_phone, profile_name FROM conversations WHERE wa_id = $1`, [from]));
      expect(conversations.rows).toEqual([{ wa_id: from, user_phone: `+${from}`, profile_name: 'Élodie' }]);

      // Afterwards, from the queue: processed once each, read receipts sent, media fetched and kept.
      await eventually(async () => ((await Promise.all(ids.map((id) => messageRow(id)))).every((m) => m?.processed_at) ? true : undefined), 'processing');
      const image = await messageRow(ids[4]);
      expect(image?.media_status).toBe('stored');
      const reads = graph.sent.filter((s) => s.kind === 'read').map((s) => s.wamid);
      expect(ids.every((id) => reads.includes(id))).toBe(true);
    });

    it('stores and processes a delivery sent three times only once', async () => {
      const id = wamid();
      const body = notification(meta.phoneNumberId, { contacts: [contact('33612121212')], messages: [textMessage('33612121212', 'hello', id)] });
      const answers = [];
      for (let i = 0; i < 3; i += 1) answers.push((await postWebhook(api, clinicId, body, meta.appSecret)).status);
      expect(answers).toEqual([200, 200, 200]);
      await eventually(async () => ((await messageRow(id))?.processed_at ? true : undefined), 'processing');
      const copies = await withAdmin(clinicDb(clinicId), (c) => c.query('SELECT id FROM messages WHERE whatsapp_message_id = $1', [id]));
      expect(copies.rows).toHaveLength(1);
      expect(graph.sent.filter((s) => s.kind === 'read' && s.wamid === id)).toHaveLength(1);
    });

    it('ignores, and logs, events for a phone number id that is not the clinic\'s', async () => {
      const id = wamid();
      const res = await postWebhook(api, clinicId, notification('999000111222', { contacts: [contact('33613131313')], messages: [textMessage('33613131313', 'misrouted', id)] }), meta.appSecret);
      expect(res.status).toBe(200);
      expect(await messageRow(id)).toBeUndefined();
      const logged = await withAdmin(clinicDb(clinicId), (c) => c.query(`SELECT 1 FROM system_logs WHERE event = 'whatsapp.foreign_phone_number'`));
      expect(logged.rows.length).toBeGreaterThan(0);
    });

    it('accepts a body above the general JSON limit, up to Meta\'s payload size', async () => {
      const id = wamid();
      const body = notification(meta.phoneNumberId, { contacts: [contact('33614141414')], messages: [textMessage('33614141414', 'x'.repeat(1_500_000), id)] });
      expect((await postWebhook(api, clinicId, body, meta.appSecret)).status).toBe(200);
      expect((await messageRow(id))?.text).toHaveLength(1_500_000);
    });

    it('stores 200 messages posted concurrently to 5 clinics, each in its own clinic\'s database', async () => {
      const clinics: Array<{ id: string; meta: MetaSetup }> = [];
      for (let i = 0; i < 5; i += 1) {
        const id = (await api.provisionClinic(superToken)).id;
        const admin = await api.createClinicAdmin(superToken, id);
        const setup = newMetaSetup();
        await configureWhatsApp(api, id, admin.token, setup);
        clinics.push({ id, meta: setup });
      }
      const posts = Array.from({ length: 200 }, (_, i) => {
        const clinic = clinics[i % 5];
        const from = `3362000${String(i).padStart(4, '0')}`;
        return { clinic, body: notification(clinic.meta.phoneNumberId, { contacts: [contact(from)], messages: [textMessage(from, `message ${i} for ${clinic.id}`)] }) };
      });
      const answers = await Promise.all(posts.map((p) => postWebhook(api, p.clinic.id, p.body, p.clinic.meta.appSecret)));
      expect(answers.every((a) => a.status === 200)).toBe(true);
      for (const clinic of clinics) {
        const rows = await inbound(clinic.id);
        expect(rows).toHaveLength(40);
        expect(rows.every((r) => r.text?.endsWith(`for ${clinic.id}`))).toBe(true);
      }
    });
  });
});
