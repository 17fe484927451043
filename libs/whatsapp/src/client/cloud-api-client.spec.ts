import { createHash, randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '@sophie/common';
import { FakeMetaError, FakeMetaGraph } from '../../../../test/fakes/meta-graph-fake';
import { WhatsAppCloudClient } from './cloud-api-client';
import { MediaUrlGuard } from './media-download';
import type { OutboundContent, WhatsAppCredentials } from './outbound-content';
import { WhatsAppApiError, WhatsAppErrorKind } from './whatsapp-api-error';
import { WhatsAppContentInvalid, WhatsAppMediaTooLarge, WhatsAppMediaUrlRefused } from './whatsapp-errors';

const TOKEN = 'EAAGm0PX4ZCpsBAsecret-clinic-token-7f3a';
const OTHER_TOKEN = 'EAAGother-clinic-token-91bc';
const PATIENT_TEXT = 'Bonjour Zoë, votre rendez-vous chez le Dr Müller à 14h30 est confirmé ✅ 👩‍⚕️🇫🇷 — à bientôt !';
const credentials: WhatsAppCredentials = { apiVersion: 'v21.0', phoneNumberId: '109876543210', accessToken: TOKEN };
const WA_ID = '33612345678';

/** The rejection of `promise`, checked to quote neither a token nor the patient's text anywhere. */
async function caught(promise: Promise<unknown>): Promise<Error> {
  let error: unknown;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  if (!(error instanceof Error)) throw new Error('expected the call to fail');
  const printed = `${error.message}\n${error.stack ?? ''}\n${JSON.stringify(error)}`;
  for (const secret of [TOKEN, OTHER_TOKEN, PATIENT_TEXT, 'Zoë']) expect(printed).not.toContain(secret);
  return error;
}

async function apiError(promise: Promise<unknown>): Promise<WhatsAppApiError> {
  const error = await caught(promise);
  expect(error).toBeInstanceOf(WhatsAppApiError);
  return error as WhatsAppApiError;
}

describe(WhatsAppCloudClient.name, () => {
  let fake: FakeMetaGraph;
  let client: WhatsAppCloudClient;
  const text: OutboundContent = { kind: 'text', body: PATIENT_TEXT };

  beforeAll(async () => {
    Logger.overrideLogger(false);
    fake = await FakeMetaGraph.start({ port: 0 });
    client = new WhatsAppCloudClient({ metaGraphUrl: fake.baseUrl } as AppConfig);
  });

  afterEach(() => fake.reset());

  afterAll(async () => {
    await fake.stop();
  });

  describe('send', () => {
    it('posts a text with accents and emoji byte-exact and returns the wamid Meta gave', async () => {
      const result = await client.send(credentials, WA_ID, { kind: 'text', body: PATIENT_TEXT, previewUrl: true });
      const [sent] = await fake.waitForSent(1, 2000);
      expect(result.whatsappMessageId).toBe(sent.wamid);
      expect(result.whatsappMessageId).toMatch(/^wamid\./);
      expect(sent).toMatchObject({ kind: 'message', apiVersion: 'v21.0', phoneNumberId: '109876543210', token: TOKEN });
      expect(sent.body).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: WA_ID,
        type: 'text',
        text: { preview_url: true, body: PATIENT_TEXT },
      });
      const received = (sent.body.text as { body: string }).body;
      expect(Buffer.from(received, 'utf8').equals(Buffer.from(PATIENT_TEXT, 'utf8'))).toBe(true);
    });

    it('quotes the message it answers through context.message_id', async () => {
      await client.send(credentials, WA_ID, { kind: 'text', body: 'Merci', replyTo: 'wamid.incoming-1' });
      expect(fake.sent[0].body).toMatchObject({ context: { message_id: 'wamid.incoming-1' }, text: { preview_url: false, body: 'Merci' } });
    });

    it('sends reply buttons as an interactive button message in Meta shape', async () => {
      await client.send(credentials, WA_ID, {
        kind: 'buttons',
        header: 'Rendez-vous',
        body: 'Confirmez-vous lundi 9h ?',
        footer: 'Cabinet Sophie',
        buttons: [
          { id: 'confirm', title: 'Je confirme 👍' },
          { id: 'cancel', title: 'Annuler' },
        ],
      });
      expect(fake.sent[0].body).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: WA_ID,
        type: 'interactive',
        interactive: {
          type: 'button',
          header: { type: 'text', text: 'Rendez-vous' },
          body: { text: 'Confirmez-vous lundi 9h ?' },
          footer: { text: 'Cabinet Sophie' },
          action: {
            buttons: [
              { type: 'reply', reply: { id: 'confirm', title: 'Je confirme 👍' } },
              { type: 'reply', reply: { id: 'cancel', title: 'Annuler' } },
            ],
          },
        },
      });
    });

    it('sends a list as an interactive list message in Meta shape, leaving out empty optional texts', async () => {
      await client.send(credentials, WA_ID, {
        kind: 'list',
        body: 'Choisissez un créneau',
        footer: '',
        buttonText: 'Créneaux',
        sections: [
          { title: 'Matin', rows: [{ id: 'slot-1', title: '09:00', description: 'Dr Martin' }] },
          { title: 'Après-midi', rows: [{ id: 'slot-2', title: '14:30' }] },
        ],
      });
      expect(fake.sent[0].body.interactive).toEqual({
        type: 'list',
        body: { text: 'Choisissez un créneau' },
        action: {
          button: 'Créneaux',
          sections: [
            { title: 'Matin', rows: [{ id: 'slot-1', title: '09:00', description: 'Dr Martin' }] },
            { title: 'Après-midi', rows: [{ id: 'slot-2', title: '14:30' }] },
          ],
        },
      });
    });

    it('sends a template with its language and components', async () => {
      const result = await client.send(credentials, WA_ID, {
        kind: 'template',
        name: 'appointment_reminder',
        languageCode: 'fr',
        components: [
          { type: 'body', parameters: [{ type: 'text', text: 'lundi 3 mars à 9h' }] },
          { type: 'button', subType: 'quick_reply', index: 0, parameters: [{ type: 'payload', payload: 'confirm:42' }] },
        ],
      });
      expect(result.whatsappMessageId).toBe(fake.sent[0].wamid);
      expect(fake.sent[0].body).toMatchObject({
        type: 'template',
        template: {
          name: 'appointment_reminder',
          language: { code: 'fr' },
          components: [
            { type: 'body', parameters: [{ type: 'text', text: 'lundi 3 mars à 9h' }] },
            { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'confirm:42' }] },
          ],
        },
      });
    });

    it('refuses content beyond Meta limits before sending anything', async () => {
      const error = await caught(client.send(credentials, WA_ID, { kind: 'buttons', body: 'Choix', buttons: [{ id: 'a', title: 'x'.repeat(21) }] }));
      expect(error).toBeInstanceOf(WhatsAppContentInvalid);
      expect((error as WhatsAppContentInvalid).rule).toBe('buttons.title.length');
      expect(fake.requests).toHaveLength(0);
    });

    it('passes when the token registered for the phone number is used', async () => {
      fake.tokens.set(credentials.phoneNumberId, TOKEN);
      await expect(client.send(credentials, WA_ID, text)).resolves.toEqual({ whatsappMessageId: expect.stringMatching(/^wamid\./) });
    });

    it('answers a wrong token with Meta 401, classified invalid_token, quoting no token', async () => {
      fake.tokens.set(credentials.phoneNumberId, OTHER_TOKEN);
      const error = await apiError(client.send(credentials, WA_ID, text));
      expect(error).toMatchObject({ kind: 'invalid_token', retryable: false, httpStatus: 401, code: 190, subcode: 463, type: 'OAuthException', operation: 'send' });
      expect(error.fbtraceId).toEqual(expect.any(String));
      expect(fake.sent).toHaveLength(0);
    });
  });

  describe('markAsRead', () => {
    it('posts a read status for the message id', async () => {
      await client.markAsRead(credentials, 'wamid.HBgLMzM2MTIzNDU2NzgVAgASGBQzQUI=');
      const [sent] = await fake.waitForSent(1, 2000);
      expect(sent).toMatchObject({ kind: 'read', wamid: 'wamid.HBgLMzM2MTIzNDU2NzgVAgASGBQzQUI=' });
      expect(sent.body).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.HBgLMzM2MTIzNDU2NzgVAgASGBQzQUI=' });
    });
  });

  describe('errors', () => {
    const cases: Array<[string, FakeMetaError, WhatsAppErrorKind, boolean]> = [
      ['131047 (window closed)', { httpStatus: 400, code: 131047, details: 'More than 24 hours have passed' }, 'outside_window', false],
      ['131026 (undeliverable)', { httpStatus: 400, code: 131026 }, 'undeliverable', false],
      ['130429 (throughput)', { httpStatus: 400, code: 130429 }, 'throttled', true],
      ['131056 (pair rate)', { httpStatus: 400, code: 131056 }, 'throttled', true],
      ['4 (application limit)', { httpStatus: 400, code: 4 }, 'throttled', true],
      ['80007 (account limit)', { httpStatus: 400, code: 80007 }, 'throttled', true],
      ['HTTP 429 without a code', { httpStatus: 429 }, 'throttled', true],
      ['190 (token)', { httpStatus: 400, code: 190, subcode: 460 }, 'invalid_token', false],
      ['HTTP 401 with another code', { httpStatus: 401, code: 0 }, 'invalid_token', false],
      ['132000 (parameter count)', { httpStatus: 400, code: 132000 }, 'template', false],
      ['132001 (missing template)', { httpStatus: 404, code: 132001 }, 'template', false],
      ['132015 (paused template)', { httpStatus: 400, code: 132015 }, 'template', false],
      ['132068 (flow blocked)', { httpStatus: 400, code: 132068 }, 'template', false],
      ['132069 (flow throttled)', { httpStatus: 400, code: 132069 }, 'template', false],
      ['100 (invalid parameter)', { httpStatus: 400, code: 100 }, 'parameter', false],
      ['131008 (missing parameter)', { httpStatus: 400, code: 131008 }, 'parameter', false],
      ['131009 (invalid value)', { httpStatus: 400, code: 131009 }, 'parameter', false],
      ['131021 (recipient is sender)', { httpStatus: 400, code: 131021 }, 'parameter', false],
      ['another 4xx (permission)', { httpStatus: 403, code: 10 }, 'parameter', false],
      ['131000 (something went wrong)', { httpStatus: 500, code: 131000 }, 'transient', true],
      ['131016 (service unavailable)', { httpStatus: 503, code: 131016 }, 'transient', true],
      ['a bare 500', { httpStatus: 500, code: 1 }, 'transient', true],
      ['a 502 HTML page', { httpStatus: 502, body: '<html>Bad Gateway</html>' }, 'transient', true],
    ];

    it.each(cases)('classifies %s', async (_name, injected, kind, retryable) => {
      fake.failNext(1, injected);
      const error = await apiError(client.send(credentials, WA_ID, text));
      expect(error).toMatchObject({ kind, retryable, httpStatus: injected.httpStatus, code: injected.code, subcode: injected.subcode, operation: 'send' });
      if (injected.body === undefined) {
        expect(error.type).toBe('OAuthException');
        expect(error.fbtraceId).toEqual(expect.any(String));
      }
      expect(fake.sent).toHaveLength(0);
    });

    it("keeps Meta's explanation as details and the error still quotes no token", async () => {
      fake.failNext(1, { httpStatus: 400, code: 131009, details: `Parameter value is not valid for token ${TOKEN}` });
      const error = await apiError(client.send(credentials, WA_ID, text));
      expect(error.details).toBe('Parameter value is not valid for token [redacted]');
    });

    it('fails only the next sends it was told to', async () => {
      fake.failNext(2, { httpStatus: 400, code: 130429 });
      await apiError(client.send(credentials, WA_ID, text));
      await apiError(client.send(credentials, WA_ID, text));
      await client.send(credentials, WA_ID, text);
      expect(fake.sent).toHaveLength(1);
      expect(fake.requests).toHaveLength(3);
    });

    it('reports a timeout as transient', async () => {
      fake.delayNext(5000);
      const error = await apiError(client.send(credentials, WA_ID, text, { timeoutMs: 150 }));
      expect(error).toMatchObject({ kind: 'transient', retryable: true, httpStatus: undefined });
      expect(error.message).toContain('timed out after 150 ms');
    });

    it('reports a refused connection as transient', async () => {
      const gone = await FakeMetaGraph.start();
      await gone.stop();
      const offline = new WhatsAppCloudClient({ metaGraphUrl: gone.baseUrl } as AppConfig);
      const error = await apiError(offline.send(credentials, WA_ID, text));
      expect(error).toMatchObject({ kind: 'transient', retryable: true, httpStatus: undefined });
      expect(error.message).toContain('ECONNREFUSED');
    });

    it('refuses ids that would change the Graph path, without a request', async () => {
      const error = await apiError(client.mediaInfo(credentials, '../109876543210/messages'));
      expect(error).toMatchObject({ kind: 'parameter', retryable: false });
      const version = await apiError(client.markAsRead({ ...credentials, apiVersion: 'v21.0/..' }, 'wamid.x'));
      expect(version.kind).toBe('parameter');
      expect(fake.requests).toHaveLength(0);
    });

    it('refuses a malformed token without sending it', async () => {
      const error = await apiError(client.send({ ...credentials, accessToken: `${TOKEN}\r\nX-Injected: 1` }, WA_ID, text));
      expect(error).toMatchObject({ kind: 'invalid_token', retryable: false });
      expect(fake.requests).toHaveLength(0);
    });

    it('applies failWhen to the requests it matches until removed', async () => {
      const remove = fake.failWhen((request) => request.route === 'read', { httpStatus: 400, code: 100 });
      expect((await apiError(client.markAsRead(credentials, 'wamid.a'))).kind).toBe('parameter');
      await client.send(credentials, WA_ID, text);
      remove();
      await client.markAsRead(credentials, 'wamid.a');
      expect(fake.sent.map((s) => s.kind)).toEqual(['message', 'read']);
    });
  });

  describe('media', () => {
    const bytes = randomBytes(64 * 1024);
    const sha256 = createHash('sha256').update(bytes).digest('hex');

    it('describes a media object and downloads bytes matching its sha256', async () => {
      const id = fake.addMedia({ mimeType: 'image/jpeg', bytes });
      const info = await client.mediaInfo(credentials, id);
      expect(info).toEqual({ url: expect.stringMatching(`^${fake.baseUrl}/media-download/`), mimeType: 'image/jpeg', sha256, fileSize: bytes.length });
      const downloaded = await client.downloadMedia(credentials, info.url, 1024 * 1024);
      expect(downloaded.equals(bytes)).toBe(true);
      expect(createHash('sha256').update(downloaded).digest('hex')).toBe(info.sha256);
    });

    it('lets a caller notice a hash that does not match', async () => {
      const id = fake.addMedia({ mimeType: 'application/pdf', bytes, sha256Override: '0'.repeat(64) });
      const info = await client.mediaInfo(credentials, id);
      const downloaded = await client.downloadMedia(credentials, info.url, 1024 * 1024);
      expect(createHash('sha256').update(downloaded).digest('hex')).not.toBe(info.sha256);
    });

    it('downloads exactly maxBytes', async () => {
      const info = await client.mediaInfo(credentials, fake.addMedia({ mimeType: 'image/png', bytes, omitContentLength: true }));
      expect((await client.downloadMedia(credentials, info.url, bytes.length)).length).toBe(bytes.length);
    });

    it('refuses a download whose announced size is beyond maxBytes', async () => {
      const info = await client.mediaInfo(credentials, fake.addMedia({ mimeType: 'video/mp4', bytes }));
      const error = await caught(client.downloadMedia(credentials, info.url, 1000));
      expect(error).toBeInstanceOf(WhatsAppMediaTooLarge);
      expect(error).toMatchObject({ maxBytes: 1000, announcedBytes: bytes.length });
    });

    it('stops a streamed download without a size once it passes maxBytes', async () => {
      const info = await client.mediaInfo(credentials, fake.addMedia({ mimeType: 'video/mp4', bytes, omitContentLength: true }));
      const error = await caught(client.downloadMedia(credentials, info.url, bytes.length - 1));
      expect(error).toBeInstanceOf(WhatsAppMediaTooLarge);
      expect((error as WhatsAppMediaTooLarge).announcedBytes).toBeUndefined();
    });

    it.each([
      ['a foreign host', 'https://evil.example.com/media?mid=1'],
      ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/'],
      ['a look-alike of the media host', 'https://lookaside.fbsbx.com.evil.example/x'],
      ['the media host over plain HTTP', 'http://lookaside.fbsbx.com/x'],
      ['credentials in the URL', 'https://user:pw@lookaside.fbsbx.com/x'],
      ['not a URL', 'not a url'],
    ])('refuses %s without fetching it', async (_name, url) => {
      const error = await caught(client.downloadMedia(credentials, url, 1024));
      expect(error).toBeInstanceOf(WhatsAppMediaUrlRefused);
      expect(fake.requests).toHaveLength(0);
    });

    it("accepts Meta's media host and the Graph API origin", () => {
      const guard = new MediaUrlGuard(fake.baseUrl);
      expect(guard.check('https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1&ext=2&hash=x').hostname).toBe('lookaside.fbsbx.com');
      expect(guard.check(`${fake.baseUrl}/media-download/abc`).origin).toBe(new URL(fake.baseUrl).origin);
    });

    it('follows a redirect within the allowed origins and refuses one that leaves them', async () => {
      const target = await client.mediaInfo(credentials, fake.addMedia({ mimeType: 'image/jpeg', bytes }));
      const hop = await client.mediaInfo(credentials, fake.addMedia({ mimeType: 'image/jpeg', bytes, redirectTo: target.url }));
      expect((await client.downloadMedia(credentials, hop.url, 1024 * 1024)).equals(bytes)).toBe(true);
      const away = await client.mediaInfo(credentials, fake.addMedia({ mimeType: 'image/jpeg', bytes, redirectTo: 'http://127.0.0.2:9/steal' }));
      expect(await caught(client.downloadMedia(credentials, away.url, 1024 * 1024))).toBeInstanceOf(WhatsAppMediaUrlRefused);
    });

    it('classifies an unknown media id as a parameter error', async () => {
      const error = await apiError(client.mediaInfo(credentials, '999000111'));
      expect(error).toMatchObject({ kind: 'parameter', httpStatus: 400, code: 100, subcode: 33, type: 'GraphMethodException', operation: 'mediaInfo' });
    });

    it('classifies a download with a wrong token as invalid_token', async () => {
      fake.tokens.set(credentials.phoneNumberId, OTHER_TOKEN);
      const info = await client.mediaInfo({ ...credentials, accessToken: OTHER_TOKEN }, fake.addMedia({ mimeType: 'image/jpeg', bytes }));
      const error = await apiError(client.downloadMedia(credentials, info.url, 1024 * 1024));
      expect(error).toMatchObject({ kind: 'invalid_token', httpStatus: 401, code: 190, operation: 'downloadMedia' });
    });

    it('reports a media description timeout as transient', async () => {
      const id = fake.addMedia({ mimeType: 'image/jpeg', bytes });
      fake.delayNext(5000);
      expect(await apiError(client.mediaInfo(credentials, id, { timeoutMs: 150 }))).toMatchObject({ kind: 'transient', operation: 'mediaInfo' });
    });
  });
});
