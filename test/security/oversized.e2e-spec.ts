import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { MEDIA_LIMITS, signatureOf } from '@sophie/whatsapp';
import { FakeMetaGraph } from '../fakes/meta-graph-fake';
import type { ApiResponse, ClinicAdmin } from '../support/test-app';
import { TestApp } from '../support/test-app';
import { withAdmin } from '../support/test-env';
import { MetaSetup, configureWhatsApp, contact, eventually, newMetaSetup, notification, postWebhook, textMessage, wamid } from '../support/whatsapp';

/**
 * Attack suite: oversized bodies and uploads. JSON bodies over BODY_LIMIT_BYTES and webhook bodies over
 * WEBHOOK_BODY_LIMIT_BYTES, announced or streamed, plain or compressed, get 413 in the API's error shape and store
 * nothing; a file a patient sends that is larger than Meta's limit for its type, whether the description says so or
 * only the download shows it, is refused and never kept under DATA_DIR/uploads.
 */

type Body = Record<string, unknown>;
interface RawAnswer {
  status: number;
  body: Body | string;
}

function expectTooLarge(res: ApiResponse<unknown> | RawAnswer, what: string): void {
  expect({ what, status: res.status }).toEqual({ what, status: 413 });
  expect({ what, body: res.body }).toEqual({ what, body: { statusCode: 413, error: 'Payload Too Large', code: 'PAYLOAD_TOO_LARGE', message: expect.any(String), requestId: expect.any(String) } });
}

/** Sends `chunks` with Transfer-Encoding: chunked (no Content-Length): the server only learns the size by reading. */
function sendChunked(baseUrl: string, method: string, rawPath: string, chunks: Buffer[], headers: Record<string, string>): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path: rawPath, headers: { ...headers, 'transfer-encoding': 'chunked' } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (chunk: Buffer) => parts.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        let body: Body | string = text;
        try {
          body = JSON.parse(text) as Body;
        } catch {
          // keep the text
        }
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    // The server may answer 413 and stop reading before the last chunk: that is the point, not a failure.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    const write = (i: number): void => {
      if (i === chunks.length) {
        req.end();
        return;
      }
      if (req.write(chunks[i])) setImmediate(() => write(i + 1));
      else req.once('drain', () => write(i + 1));
    };
    write(0);
  });
}

/** `total` bytes of JSON: an object whose `field` is a string long enough to reach that size. */
function jsonOfSize(total: number, fields: Body = {}, field = 'padding'): string {
  const head = JSON.stringify({ ...fields, [field]: '' });
  return `${head.slice(0, -2)}${'x'.repeat(Math.max(0, total - head.length))}"}`;
}

describe('Attack suite: oversized bodies and uploads', () => {
  let graph: FakeMetaGraph;
  let api: TestApp;
  let dataDir: string;
  let superToken: string;
  let clinicId: string;
  let admin: ClinicAdmin;
  let meta: MetaSetup;
  let jsonLimit: number;
  let webhookLimit: number;

  const base = (): string => `/api/clinics/${clinicId}`;
  const clinicDb = (): string => `${api.prefix}_clinic_${clinicId.replace(/-/g, '')}`;
  const counts = async (): Promise<Record<string, number>> => ({
    ...(await withAdmin(clinicDb(), async (c) =>
      (await c.query<Record<string, number>>(`SELECT (SELECT count(*)::int FROM patients) AS patients, (SELECT count(*)::int FROM practitioners) AS practitioners, (SELECT count(*)::int FROM messages) AS messages, (SELECT count(*)::int FROM conversations) AS conversations`)).rows[0],
    )),
    clinics: await withAdmin(`${api.prefix}_registry`, async (c) => (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM clinics')).rows[0].n),
    users: await withAdmin(`${api.prefix}_registry`, async (c) => (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM users')).rows[0].n),
  });

  /** Runs `attempt`, expects 413 in the error shape, and proves that no table it could have written moved. */
  async function expectRefusedAndNothingStored(attempt: () => Promise<ApiResponse<unknown> | RawAnswer>, what: string): Promise<void> {
    const before = await counts();
    expectTooLarge(await attempt(), what);
    expect({ what, counts: await counts() }).toEqual({ what, counts: before });
  }

  beforeAll(async () => {
    graph = await FakeMetaGraph.start();
    dataDir = await mkdtemp(path.join(tmpdir(), 'sophie-oversized-'));
    api = await TestApp.start({ META_GRAPH_URL: graph.baseUrl, DATA_DIR: dataDir });
    jsonLimit = api.config.bodyLimitBytes;
    webhookLimit = api.config.webhookBodyLimitBytes;
    superToken = await api.superadminToken();
    clinicId = (await api.provisionClinic(superToken)).id;
    admin = await api.createClinicAdmin(superToken, clinicId);
    meta = newMetaSetup();
    graph.tokens.set(meta.phoneNumberId, meta.accessToken);
    await configureWhatsApp(api, clinicId, admin.token, meta);
  });

  afterAll(async () => {
    await api?.destroy();
    await graph?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('runs with the documented limits (1 MB for JSON, 3 MB for webhooks)', () => {
    expect(jsonLimit).toBe(1_048_576);
    expect(webhookLimit).toBe(3 * 1_048_576);
  });

  describe('JSON routes', () => {
    it('refuses a body one byte over BODY_LIMIT_BYTES with 413 on every kind of write, and stores nothing', async () => {
      const patientId = (await api.post<Body>(`${base()}/patients`, { first_name: 'Small', phone: '+33612340001' }, admin.token)).body.id as string;
      const cases: Array<[string, string, string, Body, string | undefined]> = [
        ['create a patient', 'POST', `${base()}/patients`, { first_name: 'Big', phone: '+33612340002' }, admin.token],
        ['update a patient', 'PATCH', `${base()}/patients/${patientId}`, { first_name: 'Big' }, admin.token],
        ['create a practitioner', 'POST', `${base()}/practitioners`, { last_name: 'Big' }, admin.token],
        ['create a treatment', 'POST', `${base()}/treatments`, { name: { fr: 'Gros' }, duration_minutes: 30 }, admin.token],
        ['provision a clinic', 'POST', '/api/superadmin/clinics', { name: 'Huge clinic', timezone: 'Europe/Paris' }, superToken],
        ['create a user', 'POST', `/api/superadmin/clinics/${clinicId}/users`, { username: 'huge_user', password: 'Huge-Password-1' }, superToken],
        ['log in', 'POST', '/api/auth/login', { username: admin.username, password: admin.password }, undefined],
      ];
      for (const [what, method, url, fields, token] of cases) {
        const raw = jsonOfSize(jsonLimit + 1, fields);
        expect(Buffer.byteLength(raw)).toBe(jsonLimit + 1);
        await expectRefusedAndNothingStored(() => api.request(method, url, { token, raw }), what);
      }
      // A text field itself over the limit (not an extra field), far over it, and UTF-8 that is over the limit in bytes only.
      await expectRefusedAndNothingStored(() => api.request('POST', `${base()}/patients`, { token: admin.token, raw: jsonOfSize(jsonLimit + 1, { phone: '+33612340003' }, 'first_name') }), 'first_name over the limit');
      await expectRefusedAndNothingStored(() => api.request('POST', `${base()}/patients`, { token: admin.token, raw: jsonOfSize(10 * jsonLimit, { phone: '+33612340004' }) }), 'ten times the limit');
      const wide = JSON.stringify({ first_name: 'é'.repeat(Math.ceil(jsonLimit / 2) + 1), phone: '+33612340005' });
      expect(wide.length).toBeLessThan(jsonLimit);
      await expectRefusedAndNothingStored(() => api.request('POST', `${base()}/patients`, { token: admin.token, raw: wide }), 'over the limit in bytes, not in characters');
    });

    it('reads a body just under the limit (the limit is not off by one): refused by validation, not by size', async () => {
      const res = await api.request<Body>('POST', `${base()}/patients`, { token: admin.token, raw: jsonOfSize(jsonLimit - 16, { phone: '+33612340006' }) });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });

    it('refuses an oversized body streamed without Content-Length with 413, and stores nothing', async () => {
      const raw = Buffer.from(jsonOfSize(2 * jsonLimit, { first_name: 'Streamed', phone: '+33612340007' }));
      const chunks = Array.from({ length: Math.ceil(raw.length / 65_536) }, (_, i) => raw.subarray(i * 65_536, (i + 1) * 65_536));
      await expectRefusedAndNothingStored(() => sendChunked(api.baseUrl, 'POST', `${base()}/patients`, chunks, { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` }), 'chunked JSON');
    });

    it('refuses an oversized form-encoded body with 413', async () => {
      const raw = `first_name=${'x'.repeat(jsonLimit + 1)}&phone=%2B33612340008`;
      await expectRefusedAndNothingStored(() => api.request('POST', `${base()}/patients`, { token: admin.token, raw, headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 'form-encoded');
    });

    it('refuses a small gzip body that inflates past the limit (a compression bomb) with 413, and stores nothing', async () => {
      const bomb = gzipSync(Buffer.from(jsonOfSize(20 * jsonLimit, { first_name: 'Bomb', phone: '+33612340009' })));
      expect(bomb.length).toBeLessThan(jsonLimit / 10);
      const before = await counts();
      const res = await sendChunked(api.baseUrl, 'POST', `${base()}/patients`, [bomb], { 'content-type': 'application/json', 'content-encoding': 'gzip', authorization: `Bearer ${admin.token}` });
      // Refusing compressed bodies outright (415) is as good as inflating them under the limit (413).
      expect([413, 415]).toContain(res.status);
      expect(res.body).toEqual({ statusCode: res.status, error: expect.any(String), code: expect.any(String), message: expect.any(String), requestId: expect.any(String) });
      expect(await counts()).toEqual(before);
    });
  });

  describe('request lines and headers', () => {
    it('answers a URL or headers past Node\'s 16 KB limit with 431 in the error shape, before any route runs', async () => {
      const longUrl = await sendChunked(api.baseUrl, 'GET', `/api/clinics/${clinicId}/patients?q=${'a'.repeat(20_000)}`, [], {});
      const longHeader = await sendChunked(api.baseUrl, 'GET', '/health', [], { 'x-padding': 'b'.repeat(20_000) });
      for (const answer of [longUrl, longHeader]) {
        expect(answer).toEqual({
          status: 431,
          body: { statusCode: 431, error: 'Request Header Fields Too Large', code: 'HEADERS_TOO_LARGE', message: expect.any(String), requestId: expect.any(String) },
        });
      }
    });
  });

  describe('the WhatsApp webhook', () => {
    let n = 0;
    /** A signed delivery of one text message padded (inside Meta's shape) to `size` bytes. */
    function padded(size: number): { raw: string; id: string } {
      n += 1;
      const from = `3361888${String(n).padStart(4, '0')}`;
      const id = wamid();
      const body = notification(meta.phoneNumberId, { contacts: [contact(from)], messages: [textMessage(from, 'Bonjour', id)] });
      const skeleton = JSON.stringify({ ...body, padding: '' });
      return { raw: `${skeleton.slice(0, -2)}${'x'.repeat(size - skeleton.length)}"}`, id };
    }
    const stored = (id: string): Promise<number> => withAdmin(clinicDb(), async (c) => (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM messages WHERE whatsapp_message_id = $1', [id])).rows[0].n);

    it('refuses a validly signed delivery one byte over WEBHOOK_BODY_LIMIT_BYTES with 413, and stores nothing', async () => {
      const { raw, id } = padded(webhookLimit + 1);
      expect(Buffer.byteLength(raw)).toBe(webhookLimit + 1);
      await expectRefusedAndNothingStored(() => postWebhook(api, clinicId, raw, meta.appSecret), 'signed, one byte over');
      expect(await stored(id)).toBe(0);
    });

    it('refuses an oversized delivery streamed without Content-Length, signed or not, with 413', async () => {
      for (const signed of [true, false]) {
        const { raw, id } = padded(2 * webhookLimit);
        const bytes = Buffer.from(raw);
        const chunks = Array.from({ length: Math.ceil(bytes.length / 65_536) }, (_, i) => bytes.subarray(i * 65_536, (i + 1) * 65_536));
        const headers: Record<string, string> = { 'content-type': 'application/json', ...(signed ? { 'x-hub-signature-256': signatureOf(raw, meta.appSecret) } : {}) };
        await expectRefusedAndNothingStored(() => sendChunked(api.baseUrl, 'POST', `/webhook/whatsapp/${clinicId}`, chunks, headers), `chunked, signed: ${signed}`);
        expect(await stored(id)).toBe(0);
      }
    });

    it('accepts a signed delivery over the JSON limit but under the webhook limit (Meta sends up to 3 MB)', async () => {
      const { raw, id } = padded(jsonLimit * 2);
      expect((await postWebhook(api, clinicId, raw, meta.appSecret)).status).toBe(200);
      expect(await stored(id)).toBe(1);
    });
  });

  describe('media downloads', () => {
    interface StoredMessage {
      media_status: string | null;
      media_path: string | null;
      processed_at: Date | null;
      id: string;
    }
    let k = 0;
    const uploads = (): string => path.join(dataDir, 'uploads');
    const files = async (): Promise<string[]> => ((await readdir(uploads(), { recursive: true }).catch(() => [])) as string[]).filter((p) => path.extname(p) !== '').sort();
    const downloads = (): number => graph.requests.filter((r) => r.route === 'media-download').length;

    /** A patient sends a media message of `type` with the media `mediaId`; answers its row once processed. */
    async function sendMedia(type: string, mediaId: string, mimeType: string): Promise<StoredMessage> {
      k += 1;
      const from = `3361777${String(k).padStart(4, '0')}`;
      const id = wamid();
      const res = await postWebhook(api, clinicId, notification(meta.phoneNumberId, { contacts: [contact(from)], messages: [{ from, id, timestamp: String(Math.floor(Date.now() / 1000)), type, [type]: { id: mediaId, mime_type: mimeType } }] }), meta.appSecret);
      expect(res.status).toBe(200);
      return eventually(
        () => withAdmin(clinicDb(), async (c) => (await c.query<StoredMessage>('SELECT id, media_status, media_path, processed_at FROM messages WHERE whatsapp_message_id = $1 AND processed_at IS NOT NULL', [id])).rows[0]),
        `processing of a ${type}`,
        30_000,
      );
    }

    async function rejectionReason(messageId: string): Promise<unknown> {
      return withAdmin(clinicDb(), async (c) => (await c.query<{ details: Body }>(`SELECT details FROM system_logs WHERE event = 'whatsapp.media_rejected' AND details->>'messageId' = $1`, [messageId])).rows[0]?.details.reason);
    }

    async function expectRejectedAndNotKept(row: StoredMessage, filesBefore: string[], what: string): Promise<void> {
      expect({ what, status: row.media_status, path: row.media_path }).toEqual({ what, status: 'rejected', path: null });
      expect({ what, reason: await rejectionReason(row.id) }).toEqual({ what, reason: 'too_large' });
      expect({ what, files: await files() }).toEqual({ what, files: filesBefore });
    }

    /** The download URL the fake Graph API gives for `mediaId` (what a redirect can point to). */
    async function downloadUrl(mediaId: string): Promise<string> {
      const res = await fetch(`${graph.baseUrl}/v21.0/${mediaId}`, { headers: { authorization: `Bearer ${meta.accessToken}` } });
      return ((await res.json()) as { url: string }).url;
    }

    it('refuses unfetched a file whose description is over the limit for its type (image 5 MB, sticker 500 KB)', async () => {
      for (const [type, mimeType] of [['image', 'image/jpeg'], ['sticker', 'image/webp']] as const) {
        const before = await files();
        const fetched = downloads();
        const row = await sendMedia(type, graph.addMedia({ mimeType, bytes: Buffer.alloc(MEDIA_LIMITS[type] + 1, 7) }), mimeType);
        await expectRejectedAndNotKept(row, before, `${type} described over the limit`);
        expect({ type, downloads: downloads() }).toEqual({ type, downloads: fetched });
      }
    });

    it('refuses a file described as small whose download is over the limit, announced by Content-Length or only streamed', async () => {
      for (const omitContentLength of [false, true]) {
        const large = graph.addMedia({ mimeType: 'image/jpeg', bytes: Buffer.alloc(MEDIA_LIMITS.image + 64 * 1024, 9), omitContentLength });
        // The description is of a small file; its download redirects (on the Graph origin) to the large one.
        const small = graph.addMedia({ mimeType: 'image/jpeg', bytes: Buffer.from('small jpeg'), redirectTo: await downloadUrl(large) });
        const before = await files();
        const row = await sendMedia('image', small, 'image/jpeg');
        await expectRejectedAndNotKept(row, before, `download over the limit, Content-Length ${omitContentLength ? 'absent' : 'announced'}`);
      }
    });

    it('keeps a file of exactly the limit (the baseline: the limit is not off by one)', async () => {
      const before = await files();
      const row = await sendMedia('sticker', graph.addMedia({ mimeType: 'image/webp', bytes: Buffer.alloc(MEDIA_LIMITS.sticker, 3) }), 'image/webp');
      expect(row.media_status).toBe('stored');
      expect((await files()).length).toBe(before.length + 1);
    });
  });
});
