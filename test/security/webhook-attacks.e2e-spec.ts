import { createHmac, randomBytes } from 'node:crypto';
import { signatureOf } from '@sophie/whatsapp';
import type { ApiResponse, TestApp } from '../support/test-app';
import { withAdmin } from '../support/test-env';
import { MetaSetup, WhatsAppWorld, configureWhatsApp, contact, eventually, newMetaSetup, notification, postWebhook, startWhatsAppWorld, textMessage, wamid } from '../support/whatsapp';

/**
 * Attack suite: WhatsApp webhooks. Forged, missing, replayed and foreign signatures, and bodies altered after signing,
 * are refused with 403 in the API's error shape, and nothing reaches the clinic database (inbound messages or conversations; the assistant's own answers to earlier
 * genuine deliveries are outbound and may still arrive meanwhile).
 * A replay of a genuine delivery is acknowledged (Meta redelivers) but stores nothing new.
 */
describe('Attack suite: WhatsApp webhooks', () => {
  let world: WhatsAppWorld;
  let api: TestApp;
  let clinicId: string;
  let meta: MetaSetup;
  /** A second clinic of the same installation, with its own Meta app. */
  let other: { id: string; meta: MetaSetup };

  const clinicDb = (id: string): string => `${api.prefix}_clinic_${id.replace(/-/g, '')}`;
  const counts = (id = clinicId): Promise<{ messages: number; conversations: number }> =>
    withAdmin(clinicDb(id), async (c) => (await c.query<{ messages: number; conversations: number }>(`SELECT (SELECT count(*)::int FROM messages WHERE direction = 'in') AS messages, (SELECT count(*)::int FROM conversations) AS conversations`)).rows[0]);
  const stored = (whatsappId: string, id = clinicId): Promise<number> =>
    withAdmin(clinicDb(id), async (c) => (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM messages WHERE whatsapp_message_id = $1', [whatsappId])).rows[0].n);

  let n = 0;
  const delivery = (text = 'Bonjour'): { id: string; body: Record<string, unknown> } => {
    n += 1;
    const from = `3367000${String(n).padStart(4, '0')}`;
    const id = wamid();
    return { id, body: notification(meta.phoneNumberId, { contacts: [contact(from)], messages: [textMessage(from, text, id)] }) };
  };

  function expectForbidden(res: ApiResponse<unknown>, what: string): void {
    expect({ what, status: res.status }).toEqual({ what, status: 403 });
    expect(res.body).toEqual({ statusCode: 403, error: 'Forbidden', code: expect.any(String), message: expect.any(String), requestId: expect.any(String) });
  }

  /** Posts, expects 403, and proves that neither messages nor conversations moved in either clinic. */
  async function expectRefusedAndNothingStored(post: () => Promise<ApiResponse<unknown>>, what: string): Promise<void> {
    const before = await counts();
    const otherBefore = await counts(other.id);
    expectForbidden(await post(), what);
    expect({ what, counts: await counts() }).toEqual({ what, counts: before });
    expect({ what, counts: await counts(other.id) }).toEqual({ what, counts: otherBefore });
  }

  beforeAll(async () => {
    world = await startWhatsAppWorld();
    ({ api, clinicId, meta } = world);
    const id = (await api.provisionClinic(world.superToken)).id;
    const admin = await api.createClinicAdmin(world.superToken, id);
    other = { id, meta: newMetaSetup() };
    world.graph.tokens.set(other.meta.phoneNumberId, other.meta.accessToken);
    await configureWhatsApp(api, id, admin.token, other.meta);
  });

  afterAll(async () => {
    await world.stop();
  });

  it('stores a genuine delivery (the baseline)', async () => {
    const { id, body } = delivery();
    expect((await postWebhook(api, clinicId, body, meta.appSecret)).status).toBe(200);
    expect(await stored(id)).toBe(1);
  });

  describe('missing and forged signatures', () => {
    const forgeries: Array<[string, (raw: string, genuine: string) => string | null]> = [
      ['missing', () => null],
      ['empty', () => ''],
      ['only the prefix', () => 'sha256='],
      ['all zeros', () => `sha256=${'0'.repeat(64)}`],
      ['random', () => `sha256=${randomBytes(32).toString('hex')}`],
      ['SHA-1 with the right secret', (raw) => `sha1=${createHmac('sha1', meta.appSecret).update(raw).digest('hex')}`],
      ['the right HMAC without its prefix', (_raw, genuine) => genuine.slice('sha256='.length)],
      ['truncated', (_raw, genuine) => genuine.slice(0, 40)],
      ['one digit short', (_raw, genuine) => genuine.slice(0, -1)],
      ['the right one twice', (_raw, genuine) => `${genuine}, ${genuine}`],
      ['keyed with the verify token', (raw) => signatureOf(raw, meta.verifyToken)],
      ['keyed with the access token', (raw) => signatureOf(raw, meta.accessToken)],
      ['keyed with an empty secret', (raw) => signatureOf(raw, '')],
    ];

    it.each(forgeries)('refuses a signature that is %s with 403 and stores nothing', async (what, make) => {
      const { id, body } = delivery(`forged ${what}`);
      const raw = JSON.stringify(body);
      await expectRefusedAndNothingStored(() => postWebhook(api, clinicId, raw, meta.appSecret, make(raw, signatureOf(raw, meta.appSecret))), what);
      expect(await stored(id)).toBe(0);
    });
  });

  describe('a valid signature from another secret', () => {
    it("refuses a body signed with another clinic's app secret, even one naming this clinic's number", async () => {
      const { id, body } = delivery('signed by the other clinic');
      await expectRefusedAndNothingStored(() => postWebhook(api, clinicId, body, other.meta.appSecret), "other clinic's secret");
      expect(await stored(id)).toBe(0);
    });

    it("refuses a delivery genuinely signed for clinic B when it is posted to clinic A's URL", async () => {
      const from = '33670009999';
      const id = wamid();
      const forB = JSON.stringify(notification(other.meta.phoneNumberId, { contacts: [contact(from)], messages: [textMessage(from, 'meant for B', id)] }));
      await expectRefusedAndNothingStored(() => postWebhook(api, clinicId, forB, other.meta.appSecret, signatureOf(forB, other.meta.appSecret)), "B's delivery at A's URL");
      expect(await stored(id)).toBe(0);
      expect(await stored(id, other.id)).toBe(0);
    });
  });

  describe('replayed signatures and altered bodies', () => {
    it("refuses a genuine signature replayed over another delivery's body", async () => {
      const first = delivery('first');
      const firstRaw = JSON.stringify(first.body);
      const firstSignature = signatureOf(firstRaw, meta.appSecret);
      expect((await postWebhook(api, clinicId, firstRaw, meta.appSecret, firstSignature)).status).toBe(200);
      const second = delivery('second');
      await expectRefusedAndNothingStored(() => postWebhook(api, clinicId, second.body, meta.appSecret, firstSignature), 'replayed signature');
      expect(await stored(second.id)).toBe(0);
    });

    it.each([
      ['the text changed', (raw: string): string => raw.replace('"to be altered"', '"altered after signing"')],
      ['the sender changed', (raw: string): string => raw.replace(/"from":"(\d+)"/, '"from":"33699999999"')],
      ['a message appended', (raw: string): string => raw.replace(/"messages":\[/, `"messages":[{"from":"33688888888","id":"${wamid()}","timestamp":"1","type":"text","text":{"body":"injected"}},`)],
      ['whitespace added', (raw: string): string => `${raw} `],
      ['re-serialised with indentation', (raw: string): string => JSON.stringify(JSON.parse(raw), null, 2)],
      ['truncated to a valid prefix', (raw: string): string => JSON.stringify({ ...(JSON.parse(raw) as Record<string, unknown>), entry: [] })],
    ])('refuses a body altered after signing: %s', async (what, alter) => {
      const { id, body } = delivery('to be altered');
      const raw = JSON.stringify(body);
      const altered = alter(raw);
      expect(altered).not.toBe(raw);
      await expectRefusedAndNothingStored(() => postWebhook(api, clinicId, altered, meta.appSecret, signatureOf(raw, meta.appSecret)), what);
      expect(await stored(id)).toBe(0);
    });

    it('acknowledges a replayed genuine delivery without storing or answering anything new', async () => {
      const { id, body } = delivery('delivered once, replayed five times');
      expect((await postWebhook(api, clinicId, body, meta.appSecret)).status).toBe(200);
      await eventually(async () => (await withAdmin(clinicDb(clinicId), (c) => c.query('SELECT 1 FROM messages WHERE whatsapp_message_id = $1 AND processed_at IS NOT NULL', [id]))).rowCount ? true : undefined, 'processing');
      const before = await counts();
      const sentBefore = world.graph.sent.length;
      const replays = await Promise.all(Array.from({ length: 5 }, () => postWebhook(api, clinicId, body, meta.appSecret)));
      expect(replays.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      expect(await stored(id)).toBe(1);
      expect(await counts()).toEqual(before);
      // Nothing is sent again because of the replays (no second read receipt, no second answer).
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(world.graph.sent.slice(sentBefore).filter((s) => s.kind === 'read' && s.wamid === id)).toEqual([]);
    });
  });

  it('refuses every delivery to a clinic without a WhatsApp configuration, whatever the signature', async () => {
    const bare = (await api.provisionClinic(world.superToken)).id;
    const { body } = delivery('no config');
    for (const secret of [meta.appSecret, other.meta.appSecret, '']) {
      expectForbidden(await postWebhook(api, bare, body, secret), `unconfigured clinic, secret ${secret.slice(0, 4)}`);
    }
    expect(await counts(bare)).toEqual({ messages: 0, conversations: 0 });
  });
});
