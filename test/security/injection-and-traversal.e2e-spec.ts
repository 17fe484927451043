import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeMetaGraph } from '../fakes/meta-graph-fake';
import type { ApiResponse, ClinicAdmin } from '../support/test-app';
import { TestApp } from '../support/test-app';
import { withAdmin } from '../support/test-env';
import { MetaSetup, configureWhatsApp, contact, eventually, newMetaSetup, notification, postWebhook, textMessage, wamid } from '../support/whatsapp';

/**
 * Attack suite: injection-shaped strings and path traversal. Every text field of patients, practitioners and
 * treatments, every search parameter and every path parameter takes SQL, LIKE wildcards, NUL bytes, markup, traversal
 * and unicode tricks: the answer is a 2xx with the text stored exactly as sent, or a 4xx in the API's error shape, never
 * a 5xx; no table of any database changes; a search answers exactly the rows that match. Files patients send on
 * WhatsApp are kept under DATA_DIR/uploads with generated names, whatever the media id, MIME type or file name says.
 */

const LONG = 'A'.repeat(10_000);

/** The strings every text field, search and path parameter gets. */
const PAYLOADS: ReadonlyArray<readonly [string, string]> = [
  ['SQL drop', "'; DROP TABLE patients; --"],
  ['SQL tautology', "' OR '1'='1"],
  ['SQL double-quoted tautology', '" OR ""="'],
  ['SQL stacked delete', "x'); DELETE FROM practitioners; --"],
  ['SQL union', "' UNION SELECT username, password_hash FROM users --"],
  ['SQL comment', "admin'/*"],
  ['PostgreSQL dollar quoting', '$$; DROP TABLE treatments; $$'],
  ['LIKE percent', '%'],
  ['LIKE underscore', '_'],
  ['LIKE escapes', '\\%\\_\\'],
  ['NUL byte', 'nul\u0000byte'],
  ['script tag', '<script>alert(1)</script>'],
  ['HTML attribute', '"><img src=x onerror=alert(1)>'],
  ['path traversal', '../../etc/passwd'],
  ['URL-encoded traversal', '..%2F..%2Fetc%2Fpasswd'],
  ['double-encoded traversal', '%252e%252e%252fetc%252fpasswd'],
  ['Windows traversal', '..\\..\\windows\\win.ini'],
  ['right-to-left override', 'abc\u202Etxt.exe'],
  ['zero-width space', 'ma\u200Brie'],
  ['combining marks', 'e\u0301\u0301\u0301'],
  ['Cyrillic homoglyph', '\u0430dmin'],
  ['fullwidth quotes', '\uFF07 OR \uFF071\uFF07=\uFF071'],
  ['emoji', 'dent \u{1F9B7}\u{1F600}'],
  ['lone surrogate', 'a\uD800b'],
  ['templates and operators', '${7*7} {{7*7}} {"$ne":null}'],
  ['CRLF', 'a\r\nSet-Cookie: x=1'],
  ['very long', LONG],
];

/** Payloads any text field of 60 characters or more must store as sent (no NUL byte, valid UTF-16, short). */
const MUST_STORE = ['SQL drop', 'SQL tautology', 'SQL stacked delete', 'LIKE percent', 'LIKE underscore', 'script tag', 'path traversal', 'URL-encoded traversal', 'right-to-left override', 'emoji'];

type Body = Record<string, unknown>;

function expectErrorShape(res: ApiResponse<unknown>, what: string): void {
  expect({ what, status: res.status >= 400 && res.status < 500 ? '4xx' : res.status }).toEqual({ what, status: '4xx' });
  expect({ what, keys: Object.keys(res.body as Body).sort() }).toEqual({ what, keys: expect.arrayContaining(['code', 'error', 'message', 'requestId', 'statusCode']) });
  expect((res.body as Body).statusCode).toBe(res.status);
  expect(JSON.stringify(res.body)).not.toMatch(/QueryFailedError|syntax error at|relation "|at \w+ \(|stack/);
}

/** The value with every character outside printable ASCII as a \u escape in its strings, so that a diff shows which code unit changed. */
const visible = (value: unknown): unknown => {
  if (typeof value === 'string') return value.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visible(v)]));
  return value;
};

/** A 2xx whose stored value is exactly what was sent, or a 4xx in the error shape; anything else fails. */
function expectVerbatimOrRefused(res: ApiResponse<unknown>, sent: unknown, read: (body: Body) => unknown, what: string): 'stored' | 'refused' {
  if (res.status >= 200 && res.status < 300) {
    expect({ what, stored: visible(read(res.body as Body)) }).toEqual({ what, stored: visible(sent) });
    return 'stored';
  }
  expectErrorShape(res, what);
  return 'refused';
}

/**
 * Percent-encodes as UTF-8, as encodeURIComponent does, except that a lone surrogate (which encodeURIComponent refuses)
 * goes out as the three bytes a careless encoder would write for it: not valid UTF-8, as a hostile client may send.
 */
function encode(text: string): string {
  let out = '';
  for (const ch of text) {
    const unit = ch.charCodeAt(0);
    if (ch.length === 1 && unit >= 0xd800 && unit <= 0xdfff) out += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    else out += encodeURIComponent(ch);
  }
  return out;
}

/** `text` with its lone surrogates replaced by U+FFFD (equal to `text` when it is well formed). */
const decoded = (text: string): string => Array.from(text, (ch) => (ch.length === 1 && ch.charCodeAt(0) >= 0xd800 && ch.charCodeAt(0) <= 0xdfff ? '\uFFFD' : ch)).join('');

/** A request sent byte for byte as written (fetch would resolve `..` and `%2e%2e` before sending). */
function rawRequest(baseUrl: string, method: string, rawPath: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path: rawPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Every file and folder under `root`, relative, sorted. */
async function tree(root: string): Promise<string[]> {
  return (await readdir(root, { recursive: true })).map((p) => p.split(path.sep).join('/')).sort();
}

describe('Attack suite: injection-shaped strings and path traversal', () => {
  let graph: FakeMetaGraph;
  let api: TestApp;
  let sandbox: string;
  let dataDir: string;
  let superToken: string;
  let clinicA: string;
  let clinicB: string;
  let adminA: ClinicAdmin;
  let adminB: ClinicAdmin;
  let meta: MetaSetup;
  let schemaBefore: Record<string, string[]>;
  let countsBefore: Record<string, number>;

  const base = (clinicId = clinicA): string => `/api/clinics/${clinicId}`;
  const clinicDb = (id: string): string => `${api.prefix}_clinic_${id.replace(/-/g, '')}`;
  const databases = (): Record<string, string> => ({ registry: `${api.prefix}_registry`, a: clinicDb(clinicA), b: clinicDb(clinicB) });

  let phoneCounter = Math.floor(Math.random() * 400_000);
  const nextPhone = (): string => {
    phoneCounter += 1;
    return `+336${String(10_000_000 + phoneCounter).slice(-8).replace(/^0/, '1')}`;
  };

  async function schema(): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const [name, db] of Object.entries(databases())) {
      out[name] = await withAdmin(db, async (c) =>
        (await c.query<{ t: string }>(`SELECT table_schema || '.' || table_name || ':' || (SELECT count(*) FROM information_schema.columns k WHERE k.table_schema = t.table_schema AND k.table_name = t.table_name) AS t FROM information_schema.tables t WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`)).rows.map((r) => r.t),
      );
    }
    return out;
  }

  async function counts(): Promise<Record<string, number>> {
    const one = (db: string, table: string): Promise<number> => withAdmin(db, async (c) => (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
    return {
      users: await one(databases().registry, 'users'),
      clinics: await one(databases().registry, 'clinics'),
      patientsA: await one(databases().a, 'patients'),
      practitionersA: await one(databases().a, 'practitioners'),
      treatmentsA: await one(databases().a, 'treatments'),
      patientsB: await one(databases().b, 'patients'),
      practitionersB: await one(databases().b, 'practitioners'),
    };
  }

  beforeAll(async () => {
    graph = await FakeMetaGraph.start();
    sandbox = await mkdtemp(path.join(tmpdir(), 'sophie-traversal-'));
    // DATA_DIR sits four levels down the sandbox, so a traversal of a few `..` would still land where the test looks.
    dataDir = path.join(sandbox, 'one', 'two', 'three', 'data');
    await mkdir(dataDir, { recursive: true });
    api = await TestApp.start({ META_GRAPH_URL: graph.baseUrl, DATA_DIR: dataDir });
    superToken = await api.superadminToken();
    clinicA = (await api.provisionClinic(superToken)).id;
    clinicB = (await api.provisionClinic(superToken)).id;
    adminA = await api.createClinicAdmin(superToken, clinicA);
    adminB = await api.createClinicAdmin(superToken, clinicB);
    meta = newMetaSetup();
    graph.tokens.set(meta.phoneNumberId, meta.accessToken);
    await configureWhatsApp(api, clinicA, adminA.token, meta);
    // Clinic B holds a patient and a practitioner named by every payload, which no search of clinic A may return.
    for (const [, payload] of PAYLOADS.filter(([name]) => MUST_STORE.includes(name))) {
      expect((await api.post(`${base(clinicB)}/patients`, { first_name: payload, last_name: payload, phone: nextPhone() }, adminB.token)).status).toBe(201);
      expect((await api.post(`${base(clinicB)}/practitioners`, { first_name: payload, last_name: payload }, adminB.token)).status).toBe(201);
    }
    for (const [first, last] of [['Marie', 'Dupont'], ['Jean', "O'Brien"], ['Zoé', '100% Martin'], ['Luc', 'de_la_Tour']]) {
      expect((await api.post(`${base()}/patients`, { first_name: first, last_name: last, phone: nextPhone() }, adminA.token)).status).toBe(201);
      expect((await api.post(`${base()}/practitioners`, { first_name: first, last_name: last }, adminA.token)).status).toBe(201);
    }
    schemaBefore = await schema();
    countsBefore = await counts();
  });

  afterAll(async () => {
    await api?.destroy();
    await graph?.stop();
    if (sandbox) await rm(sandbox, { recursive: true, force: true });
  });

  describe('text fields', () => {
    const patientFields = ['first_name', 'last_name', 'email', 'social_insurance_type', 'beneficiary_number', 'guarantee_number'];

    it.each(PAYLOADS)('patients: %s in every text field is stored verbatim or refused with a 4xx, on create and on update', async (name, payload) => {
      const outcomes: Record<string, string> = {};
      const target = await api.post<Body>(`${base()}/patients`, { first_name: 'Target', last_name: 'Patient', phone: nextPhone() }, adminA.token);
      expect(target.status).toBe(201);
      for (const field of patientFields) {
        const created = await api.post<Body>(`${base()}/patients`, { first_name: 'Inject', last_name: 'Test', phone: nextPhone(), [field]: payload }, adminA.token);
        outcomes[`create ${field}`] = expectVerbatimOrRefused(created, payload, (b) => b[field], `${name}: create ${field}`);
        const before = (await api.get<Body>(`${base()}/patients/${target.body.id as string}`, adminA.token)).body;
        const updated = await api.patch<Body>(`${base()}/patients/${target.body.id as string}`, { [field]: payload }, adminA.token);
        outcomes[`update ${field}`] = expectVerbatimOrRefused(updated, payload, (b) => b[field], `${name}: update ${field}`);
        if (outcomes[`update ${field}`] === 'refused') {
          const { updated_at: _a, ...after } = (await api.get<Body>(`${base()}/patients/${target.body.id as string}`, adminA.token)).body;
          const { updated_at: _b, ...unchanged } = before;
          expect({ what: `${name}: refused update left the patient as it was`, after }).toEqual({ what: `${name}: refused update left the patient as it was`, after: unchanged });
        }
      }
      // The phone is normalised, never stored as sent: E.164 or refused.
      const phone = await api.post<Body>(`${base()}/patients`, { first_name: 'Phone', phone: payload }, adminA.token);
      if (phone.status === 201) expect(phone.body.phone).toMatch(/^\+[1-9]\d{5,14}$/);
      else expectErrorShape(phone, `${name}: phone`);
      if (MUST_STORE.includes(name)) {
        for (const field of ['first_name', 'last_name', 'social_insurance_type']) expect({ name, field, outcome: outcomes[`create ${field}`] }).toEqual({ name, field, outcome: 'stored' });
      }
    });

    it.each(PAYLOADS)('practitioners: %s in every text field is stored verbatim or refused with a 4xx, on create and on update', async (name, payload) => {
      const target = await api.post<Body>(`${base()}/practitioners`, { first_name: 'Target', last_name: 'Practitioner' }, adminA.token);
      expect(target.status).toBe(201);
      for (const field of ['first_name', 'last_name', 'specialty', 'google_calendar_id']) {
        const created = await api.post<Body>(`${base()}/practitioners`, { last_name: 'Inject', [field]: payload }, adminA.token);
        const outcome = expectVerbatimOrRefused(created, payload, (b) => b[field], `${name}: create ${field}`);
        if (MUST_STORE.includes(name)) expect({ name, field, outcome }).toEqual({ name, field, outcome: 'stored' });
        const updated = await api.patch<Body>(`${base()}/practitioners/${target.body.id as string}`, { [field]: payload }, adminA.token);
        expectVerbatimOrRefused(updated, payload, (b) => b[field], `${name}: update ${field}`);
      }
    });

    it.each(PAYLOADS)('treatments: %s as a name, in one language or several, is stored verbatim or refused with a 4xx', async (name, payload) => {
      const created = await api.post<Body>(`${base()}/treatments`, { name: { fr: payload, en: `${payload} (en)` }, duration_minutes: 30 }, adminA.token);
      const outcome = expectVerbatimOrRefused(created, { fr: payload, en: `${payload} (en)` }, (b) => b.name, `${name}: create`);
      if (MUST_STORE.includes(name)) expect({ name, outcome }).toEqual({ name, outcome: 'stored' });
      const target = await api.post<Body>(`${base()}/treatments`, { name: { fr: 'Cible' }, duration_minutes: 30 }, adminA.token);
      expectVerbatimOrRefused(await api.patch<Body>(`${base()}/treatments/${target.body.id as string}`, { name: { de: payload } }, adminA.token), { de: payload }, (b) => b.name, `${name}: update`);
      // As a language code it is never accepted.
      expectErrorShape(await api.post(`${base()}/treatments`, { name: { [payload]: 'Détartrage' }, duration_minutes: 30 }, adminA.token), `${name}: as a language`);
    });
  });

  describe('search parameters', () => {
    interface Row {
      id: string;
      first_name: string | null;
      last_name: string | null;
      phone?: string;
    }
    const nameOf = (r: Row): string => `${r.first_name ?? ''} ${r.last_name ?? ''}`.toLowerCase();

    /** What the search documents: the term (trimmed, any case) inside "first last", or at least 3 of its digits inside the phone. */
    function matches(row: Row, search: string, withPhone: boolean): boolean {
      const term = search.trim().toLowerCase();
      if (term === '') return true;
      if (nameOf(row).includes(term)) return true;
      const digits = term.replace(/\D/g, '');
      return withPhone && digits.length >= 3 && (row.phone ?? '').includes(digits.replace(/^0+/, ''));
    }

    async function expectExactMatches(kind: 'patients' | 'practitioners', search: string, what: string): Promise<void> {
      const res = await api.get<{ items: Row[]; total: number }>(`${base()}/${kind}?search=${encode(search)}&limit=200`, adminA.token);
      if (res.status !== 200) {
        expectErrorShape(res, `${what}: ${kind}`);
        return;
      }
      const foreign = await withAdmin(clinicDb(clinicB), async (c) => (await c.query<{ id: string }>(`SELECT id FROM ${kind}`)).rows.map((r) => r.id));
      expect(res.body.items.filter((r) => foreign.includes(r.id))).toEqual([]);
      if (decoded(search) !== search) {
        // Bytes that are not UTF-8: decoders differ in how many U+FFFD they make of them, so only rows holding one may come back.
        expect({ what, kind, others: res.body.items.filter((r) => !nameOf(r).includes('\uFFFD')) }).toEqual({ what, kind, others: [] });
        return;
      }
      const all = await withAdmin(clinicDb(clinicA), async (c) => (await c.query<Row>(`SELECT id, first_name, last_name${kind === 'patients' ? ', phone' : ''} FROM ${kind}`)).rows);
      const expected = all.filter((r) => matches(r, search, kind === 'patients')).map((r) => r.id).sort();
      expect({ what, kind, total: res.body.total }).toEqual({ what, kind, total: expected.length });
      if (expected.length <= 200) expect({ what, kind, ids: res.body.items.map((r) => r.id).sort() }).toEqual({ what, kind, ids: expected });
    }

    it.each(PAYLOADS)('answers exactly the matching patients and practitioners when searching for %s (or a 4xx)', async (name, payload) => {
      await expectExactMatches('patients', payload, name);
      await expectExactMatches('practitioners', payload, name);
    });

    it('treats LIKE wildcards as the characters they are', async () => {
      const res = await api.get<{ items: Row[] }>(`${base()}/patients?search=${encodeURIComponent('%')}&limit=200`, adminA.token);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      expect(res.body.items.every((r) => nameOf(r).includes('%'))).toBe(true);
      const underscore = await api.get<{ items: Row[] }>(`${base()}/practitioners?search=${encodeURIComponent('de_la')}&limit=200`, adminA.token);
      expect(underscore.body.items.map(nameOf)).toEqual(['luc de_la_tour']);
    });

    it('refuses injection in pagination and filter parameters with a 4xx', async () => {
      for (const [name, payload] of PAYLOADS) {
        for (const parameter of ['limit', 'offset', 'active']) {
          for (const kind of ['patients', 'practitioners', 'treatments']) {
            // (patients have no `active` filter: an unknown parameter is refused as well)
            expectErrorShape(await api.get(`${base()}/${kind}?${parameter}=${encode(payload)}`, adminA.token), `${name}: ${kind} ${parameter}`);
          }
        }
      }
    });
  });

  describe('path parameters', () => {
    it.each(PAYLOADS)('answers %s in place of any id with a 4xx in the error shape', async (name, payload) => {
      const id = encode(payload);
      const paths = [
        `/api/clinics/${id}`,
        `/api/clinics/${id}/patients`,
        `${base()}/patients/${id}`,
        `${base()}/practitioners/${id}`,
        `${base()}/practitioners/${id}/working-hours`,
        `${base()}/treatments/${id}`,
        `${base()}/conversations/${id}/messages`,
        `${base()}/messages/${id}/media`,
        `${base()}/patients/${randomUUID()}${id}`,
      ];
      for (const p of paths) {
        expectErrorShape(await api.get(p, adminA.token), `${name}: GET ${p.slice(0, 120)}`);
        expectErrorShape(await api.patch(p, { last_name: 'x' }, adminA.token), `${name}: PATCH ${p.slice(0, 120)}`);
      }
      expectErrorShape(await api.delete(`${base()}/treatments/${id}`, adminA.token), `${name}: DELETE treatment`);
    });

    it("never reaches another clinic's data or a file through raw `..`, encoded and double-encoded traversal in the path", async () => {
      const secretOfB = (await api.post<Body>(`${base(clinicB)}/patients`, { first_name: 'Secret', last_name: 'OfClinicB', phone: nextPhone() }, adminB.token)).body.id as string;
      const packageName = JSON.parse(await readFile('package.json', 'utf8')) as { name: string };
      const traversals = [
        `${base()}/patients/../../${clinicB}/patients`,
        `${base()}/patients/..%2F..%2F${clinicB}%2Fpatients`,
        `${base()}/patients/%2e%2e/%2e%2e/${clinicB}/patients`,
        `${base()}/patients/%252e%252e%252f${clinicB}`,
        `${base()}/patients/..%5C..%5C${clinicB}%5Cpatients`,
        `/api/clinics/${clinicA}%2F..%2F${clinicB}/patients`,
        `/api/clinics/${clinicA}/../${clinicB}/patients`,
        `/api/clinics/..%2F${clinicB}/patients/${secretOfB}`,
        `${base()}/messages/..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd/media`,
        `${base()}/messages/${randomUUID()}/media/../../../../../../etc/passwd`,
        '/admin/assets/../../../package.json',
        '/admin/assets/..%2F..%2F..%2Fpackage.json',
        '/admin/assets/%2e%2e/%2e%2e/%2e%2e/package.json',
        '/admin/assets/..%252f..%252f..%252fpackage.json',
        '/admin/assets/....//....//....//package.json',
        '/admin/assets/..\\..\\..\\package.json',
        '/admin/..%2F..%2Fpackage.json',
        '/admin/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
        '/admin/assets/..%00/package.json',
      ];
      for (const p of traversals) {
        const res = await rawRequest(api.baseUrl, 'GET', p, { authorization: `Bearer ${adminA.token}` });
        // The dashboard's fallback may answer its index.html (200), or 503 when it is not built: never a file from elsewhere.
        if (p.startsWith('/api/')) expect({ p, status: res.status >= 400 && res.status < 500 ? '4xx' : res.status }).toEqual({ p, status: '4xx' });
        else expect({ p, status: [200, 301, 302, 400, 403, 404, 503].includes(res.status) ? 'expected' : res.status }).toEqual({ p, status: 'expected' });
        expect({ p, leaks: res.text.includes(secretOfB) || res.text.includes('OfClinicB') }).toEqual({ p, leaks: false });
        expect({ p, file: res.text.includes(`"name": "${packageName.name}"`) || /root:.*:0:0:/.test(res.text) || res.text.includes('"devDependencies"') }).toEqual({ p, file: false });
      }
    });
  });

  describe('files patients send on WhatsApp', () => {
    const marker = `escaped-${randomBytes(6).toString('hex')}`;
    const uploads = (): string => path.join(dataDir, 'uploads');
    let treeBefore: string[];
    let n = 0;

    /** Posts one signed delivery holding `messages` from a new sender; answers the status and the wamids. */
    async function deliver(messages: (from: string) => Body[]): Promise<{ status: number; ids: string[] }> {
      n += 1;
      const from = `3361999${String(n).padStart(4, '0')}`;
      const list = messages(from);
      const res = await postWebhook(api, clinicA, notification(meta.phoneNumberId, { contacts: [contact(from)], messages: list }), meta.appSecret);
      return { status: res.status, ids: list.map((m) => m.id as string) };
    }

    const media = (from: string, type: string, content: Body): Body => ({ from, id: wamid(), timestamp: String(Math.floor(Date.now() / 1000)), type, [type]: content });

    interface StoredMessage {
      type: string;
      text: string | null;
      media_status: string | null;
      media_path: string | null;
      processed_at: Date | null;
    }
    const message = (id: string): Promise<StoredMessage | undefined> =>
      withAdmin(clinicDb(clinicA), async (c) => (await c.query<StoredMessage>('SELECT type, text, media_status, media_path, processed_at FROM messages WHERE whatsapp_message_id = $1', [id])).rows[0]);
    const processed = (id: string): Promise<StoredMessage> => eventually(async () => ((await message(id))?.processed_at ? message(id) : undefined), `processing of ${id}`);

    beforeAll(async () => {
      treeBefore = await tree(sandbox);
    });

    it('keeps media whose id, MIME type or file name is traversal-shaped only under DATA_DIR/uploads, with generated names', async () => {
      const bytes = Buffer.from(`%PDF-1.4 ${marker}`);
      const cases: Array<[string, (from: string) => Body]> = [];
      for (const id of [`../../../../../../../../tmp/${marker}`, `..%2F..%2F..%2F${marker}`, '..', '.', `%2e%2e%2f${marker}`, `..\\..\\${marker}`, `${marker}/../../../../x`, `....//....//${marker}`, '...']) {
        graph.addMedia({ id, mimeType: 'image/jpeg', bytes });
        cases.push([`media id ${id}`, (from) => media(from, 'image', { id, mime_type: 'image/jpeg' })]);
      }
      for (const mimeType of [`image/../../../../../../tmp/${marker}`, `../../${marker}.jpg`, 'image/jpeg/../../../x']) {
        const id = graph.addMedia({ mimeType, bytes });
        cases.push([`MIME type ${mimeType}`, (from) => media(from, 'image', { id, mime_type: mimeType })]);
      }
      for (const filename of [`../../../../../../tmp/${marker}.pdf`, '/etc/passwd', `..\\..\\..\\${marker}.pdf`, `${marker}%2F..%2F..%2Fx.pdf`, `\u202Efdp.${marker}.exe`, `${'../'.repeat(30)}${marker}.pdf`]) {
        const id = graph.addMedia({ mimeType: 'application/pdf', bytes });
        cases.push([`file name ${filename}`, (from) => media(from, 'document', { id, mime_type: 'application/pdf', filename, caption: filename })]);
      }
      const typeId = graph.addMedia({ mimeType: 'image/jpeg', bytes });
      cases.push(['message type ../../', (from) => media(from, `../../../tmp/${marker}`, { id: typeId, mime_type: 'image/jpeg' })]);

      const delivered: Array<[string, string]> = [];
      for (const [what, make] of cases) {
        const res = await deliver((from) => [make(from)]);
        expect({ what, status: res.status }).toEqual({ what, status: 200 });
        delivered.push([what, res.ids[0]]);
      }
      let stored = 0;
      for (const [what, id] of delivered) {
        const row = await processed(id);
        expect({ what, status: row.media_status }).not.toEqual({ what, status: 'pending' });
        if (row.media_path !== null) {
          stored += 1;
          expect({ what, path: row.media_path }).toEqual({ what, path: expect.stringMatching(new RegExp(`^(image|document)/${clinicA}/[0-9a-f-]{36}\\.(jpg|pdf|bin)$`)) });
          expect((await readFile(path.join(uploads(), row.media_path))).equals(bytes)).toBe(true);
        }
      }
      // The 3 MIME types and 6 file names above are harmless once the name is generated: those files are kept.
      expect(stored).toBeGreaterThanOrEqual(9);

      // Nothing new anywhere in the sandbox but files under DATA_DIR/uploads/{type}/{clinic}/.
      const added = (await tree(sandbox)).filter((p) => !treeBefore.includes(p));
      const uploadsPrefix = `${path.relative(sandbox, uploads()).split(path.sep).join('/')}`;
      expect(added.filter((p) => p !== uploadsPrefix && !p.startsWith(`${uploadsPrefix}/`))).toEqual([]);
      for (const p of added.filter((q) => q.startsWith(`${uploadsPrefix}/`))) {
        const relative = p.slice(uploadsPrefix.length + 1);
        if ((await stat(path.join(sandbox, p))).isFile()) expect(relative).toMatch(new RegExp(`^(image|document)/${clinicA}/[0-9a-f-]{36}\\.(jpg|pdf|bin)$`));
        else expect(relative).toMatch(new RegExp(`^(image|document)(/${clinicA})?$`));
      }
      expect(added.some((p) => p.includes(marker))).toBe(false);
      for (const where of ['/tmp', tmpdir(), process.cwd(), path.dirname(sandbox), '/']) expect({ where, exists: existsSync(path.join(where, marker)) || existsSync(path.join(where, `${marker}.pdf`)) }).toEqual({ where, exists: false });
      // No media id with a traversal ever reached the Graph API: the client refuses such path segments unsent.
      expect(graph.requests.filter((r) => r.route === 'media-info').map((r) => r.mediaId).filter((id) => id === undefined || /^\.{1,2}$|[/\\%]/.test(id))).toEqual([]);
    });

    it('stores injection-shaped captions and texts verbatim', async () => {
      const texts = PAYLOADS.filter(([name]) => !['NUL byte', 'lone surrogate', 'very long'].includes(name));
      const res = await deliver((from) => texts.map(([, text]) => textMessage(from, text)));
      expect(res.status).toBe(200);
      for (const [i, [name, text]] of texts.entries()) {
        const row = await message(res.ids[i]);
        expect({ name, text: row?.text }).toEqual({ name, text });
      }
    });

    it('acknowledges and stores a genuine delivery whatever a patient put in it (NUL bytes, broken unicode, over-long traversal-shaped ids): never a 5xx', async () => {
      const cases: Array<[string, (from: string) => Body]> = [
        ['a NUL byte in a text', (from) => textMessage(from, "'; DROP TABLE messages; --\u0000")],
        ['a lone surrogate in a text', (from) => textMessage(from, 'a\uD800b')],
        ['a NUL byte in a MIME type', (from) => media(from, 'image', { id: graph.addMedia({ mimeType: 'image/jpeg', bytes: Buffer.from('jpeg') }), mime_type: `image/jpeg\u0000../${marker}` })],
        ['a NUL byte in a file name', (from) => media(from, 'document', { id: graph.addMedia({ mimeType: 'application/pdf', bytes: Buffer.from('%PDF') }), mime_type: 'application/pdf', filename: `../../${marker}\u0000.pdf` })],
        ['a media id of 60 `../`', (from) => media(from, 'image', { id: `${'../'.repeat(60)}${marker}`, mime_type: 'image/jpeg' })],
        ['a MIME type of 50 `../`', (from) => media(from, 'image', { id: graph.addMedia({ mimeType: 'image/jpeg', bytes: Buffer.from('jpeg') }), mime_type: `image/${'../'.repeat(50)}` })],
        ['a traversal-shaped sha256', (from) => media(from, 'image', { id: graph.addMedia({ mimeType: 'image/jpeg', bytes: Buffer.from('jpeg') }), mime_type: 'image/jpeg', sha256: '../'.repeat(30) })],
      ];
      const failures: string[] = [];
      for (const [what, make] of cases) {
        // Alone, then beside a plain message in the same delivery: one patient's odd message must not cost another's.
        for (const [how, messages] of [['alone', (from: string) => [make(from)]], ['beside a plain message', (from: string) => [textMessage(from, `plain message beside ${what}`), make(from)]]] as const) {
          const res = await deliver(messages);
          const rows = await Promise.all(res.ids.map((id) => message(id)));
          if (res.status !== 200 || rows.some((r) => r === undefined)) failures.push(`${what} (${how}): ${res.status}, stored ${rows.filter(Boolean).length} of ${rows.length}`);
        }
      }
      expect(failures).toEqual([]);
      const added = (await tree(sandbox)).filter((p) => !treeBefore.includes(p));
      expect(added.some((p) => p.includes(marker))).toBe(false);
    });
  });

  it('left every table of the registry and of both clinics in place, and deleted nothing', async () => {
    expect(await schema()).toEqual(schemaBefore);
    const after = await counts();
    for (const [table, before] of Object.entries(countsBefore)) expect({ table, shrank: after[table] < before }).toEqual({ table, shrank: false });
    expect(after.users).toBe(countsBefore.users);
    expect(after.clinics).toBe(countsBefore.clinics);
    // Clinic B got only what its own admin created here (the secret patient of the traversal test).
    expect(after.patientsB).toBe(countsBefore.patientsB + 1);
    expect(after.practitionersB).toBe(countsBefore.practitionersB);
  });
});
