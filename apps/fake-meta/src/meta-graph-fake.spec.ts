import { FakeMetaGraph } from './meta-graph-fake';

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

  it('forgets everything on reset', async () => {
    fake.tokens.set('555', 'right');
    fake.failNext(5, { httpStatus: 500, code: 131000 });
    fake.reset();
    expect((await post(textMessage, 'anything')).status).toBe(200);
    expect(fake.sent).toHaveLength(1);
  });
});
