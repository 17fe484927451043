import { createHash } from 'node:crypto';
import { FakeMediaUpload, FakeMetaGraph, FakeSentPage } from './meta-graph-fake';

/** Raw HTTP against the fake, to pin the parts of Meta's behaviour the client tests do not reach. */
describe(FakeMetaGraph.name, () => {
  let fake: FakeMetaGraph;
  const post = (body: unknown, token: string | null = 'token-1') =>
    fetch(`${fake.baseUrl}/v21.0/555/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  const textMessage = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '+33 6 12 34 56 78', type: 'text', text: { body: 'Bonjour' } };

  beforeAll(async () => {
    fake = await FakeMetaGraph.start();
  });

  afterEach(() => fake.reset());

  afterAll(async () => {
    await fake.stop();
  });

  it('listens on loopback and answers a send as Meta does', async () => {
    expect(fake.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await post(textMessage);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { messages: Array<{ id: string }> };
    expect(body).toEqual({ messaging_product: 'whatsapp', contacts: [{ input: '+33 6 12 34 56 78', wa_id: '33612345678' }], messages: [{ id: expect.stringMatching(/^wamid\.[A-Za-z0-9+/=]+$/) }] });
    expect(fake.sent[0]).toMatchObject({ kind: 'message', phoneNumberId: '555', token: 'token-1', wamid: body.messages[0].id, body: textMessage });
    expect(fake.sent[0].at).toBeInstanceOf(Date);
  });

  it('resolves waitForSent when a later request arrives', async () => {
    const waiting = fake.waitForSent(2, 2000);
    await post(textMessage);
    await post(textMessage);
    await expect(waiting).resolves.toHaveLength(2);
  });

  it('rejects waitForSent after its timeout with a clear message', async () => {
    await post(textMessage);
    await expect(fake.waitForSent(2, 30)).rejects.toThrow('FakeMetaGraph: waited 30 ms for 2 sent request(s), got 1');
  });

  it('answers a missing token with a 190 and a wrong registered token with the 401 Meta sends', async () => {
    expect((await post(textMessage, null)).status).toBe(401);
    fake.tokens.set('555', 'right');
    const res = await post(textMessage, 'wrong');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: { message: expect.stringMatching(/^Error validating access token/), type: 'OAuthException', code: 190, error_subcode: 463, fbtrace_id: expect.any(String) },
    });
    expect(fake.sent).toHaveLength(0);
  });

  it('refuses a body without messaging_product with a code 100', async () => {
    const res = await post({ to: '336', type: 'text', text: { body: 'x' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 100 } });
  });

  it("injects failures in Meta's error shape, with error_data details", async () => {
    fake.failNext(1, { httpStatus: 400, code: 131047, details: 'More than 24 hours have passed' });
    const res = await post(textMessage);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        message: '(#131047) Re-engagement message',
        type: 'OAuthException',
        code: 131047,
        error_data: { messaging_product: 'whatsapp', details: 'More than 24 hours have passed' },
        fbtrace_id: expect.any(String),
      },
    });
    expect((await post(textMessage)).status).toBe(200);
  });

  it('describes and serves media only with a token', async () => {
    const id = fake.addMedia({ id: '4242', mimeType: 'audio/ogg', bytes: Buffer.from('OggS') });
    expect((await fetch(`${fake.baseUrl}/v21.0/${id}`)).status).toBe(401);
    const info = (await (await fetch(`${fake.baseUrl}/v21.0/${id}`, { headers: { Authorization: 'Bearer t' } })).json()) as { url: string };
    expect(info).toEqual({ messaging_product: 'whatsapp', url: expect.stringMatching(`^${fake.baseUrl}/media-download/`), mime_type: 'audio/ogg', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), file_size: '4', id: '4242' });
    expect((await fetch(info.url)).status).toBe(401);
    const download = await fetch(info.url, { headers: { Authorization: 'Bearer t' } });
    expect(download.headers.get('content-type')).toBe('audio/ogg');
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe('OggS');
  });

  describe('simulator endpoints', () => {
    const sentPage = async (query: string): Promise<FakeSentPage> => (await (await fetch(`${fake.baseUrl}/_fake/sent?${query}`)).json()) as FakeSentPage;
    const read = (wamid: string) => post({ messaging_product: 'whatsapp', status: 'read', message_id: wamid });

    it('registers media posted to /_fake/media, then describes and serves it as Meta does', async () => {
      const bytes = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]);
      const res = await fetch(`${fake.baseUrl}/_fake/media`, { method: 'POST', headers: { 'Content-Type': 'image/jpeg' }, body: bytes });
      expect(res.status).toBe(201);
      const upload = (await res.json()) as FakeMediaUpload;
      expect(upload).toEqual({ id: expect.stringMatching(/^\d+$/), mime_type: 'image/jpeg', sha256: createHash('sha256').update(bytes).digest('hex'), file_size: 6 });
      const info = (await (await fetch(`${fake.baseUrl}/v21.0/${upload.id}`, { headers: { Authorization: 'Bearer t' } })).json()) as { url: string; sha256: string };
      expect(info.sha256).toBe(upload.sha256);
      const download = await fetch(info.url, { headers: { Authorization: 'Bearer t' } });
      expect(Buffer.from(await download.arrayBuffer())).toEqual(bytes);
      expect(fake.requests.map((r) => r.route)).toEqual(['media-info', 'media-download']);
    });

    it('refuses media without a MIME type or without bytes', async () => {
      expect((await fetch(`${fake.baseUrl}/_fake/media`, { method: 'POST', body: Buffer.from('x') })).status).toBe(400);
      expect((await fetch(`${fake.baseUrl}/_fake/media`, { method: 'POST', headers: { 'Content-Type': 'image/png' } })).status).toBe(400);
    });

    it('lists what was sent to one number after a sequence, with read receipts, in order', async () => {
      await post(textMessage);
      await post({ ...textMessage, to: '41791234567' });
      await read('wamid.in-1');
      const all = await sentPage('after=0&to=33612345678');
      expect(all.sent.map((s) => [s.kind, s.to])).toEqual([
        ['message', '33612345678'],
        ['read', null],
      ]);
      expect(all.sent[0]).toEqual({ seq: fake.sent[0].seq, kind: 'message', phone_number_id: '555', to: '33612345678', wamid: fake.sent[0].wamid, body: textMessage, at: expect.any(String) });
      expect(all.sent[1]).toMatchObject({ wamid: 'wamid.in-1' });
      expect(all.last).toBe(fake.sent[2].seq);

      await post({ ...textMessage, text: { body: 'Suite' } });
      const next = await sentPage(`after=${all.last}&to=%2B33%206%2012%2034%2056%2078`);
      expect(next.sent.map((s) => s.body.text)).toEqual([{ body: 'Suite' }]);
      expect((await sentPage(`after=${next.last}`)).sent).toEqual([]);
      expect((await sentPage('phone_number_id=777')).sent).toEqual([]);
    });

    it('keeps sequences growing across reset, and refuses a bad cursor', async () => {
      await post(textMessage);
      const before = fake.sent[0].seq;
      fake.reset();
      await post(textMessage);
      expect(fake.sent[0].seq).toBeGreaterThan(before);
      expect((await fetch(`${fake.baseUrl}/_fake/sent?after=-1`)).status).toBe(400);
      expect((await fetch(`${fake.baseUrl}/_fake/nothing`)).status).toBe(404);
    });
  });

  it('forgets everything on reset', async () => {
    fake.tokens.set('555', 'right');
    fake.failNext(5, { httpStatus: 500, code: 131000 });
    fake.reset();
    expect((await post(textMessage, 'anything')).status).toBe(200);
    expect(fake.sent).toHaveLength(1);
  });
});
