import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { SEALED_COLUMNS } from '../apps/cli/src/commands/sealed-columns';
import { keyId, rotateSealedValues, SecretBox, SqlQuery } from '../libs/common/src';
import { advisoryKey } from '../libs/registry/src';
import { FakeMetaGraph } from './fakes/meta-graph-fake';
import { cli } from './support/cli';
import { CalendarWorld, callback, consent, linkCalendar, startCalendarWorld } from './support/calendar';
import { dayAhead, localInstant } from './support/scheduling';
import { TestApp } from './support/test-app';
import { withAdmin } from './support/test-env';
import { configureWhatsApp, contact, eventually, MetaSetup, newMetaSetup, notification, postWebhook, textMessage } from './support/whatsapp';

const ZONE = 'Europe/Paris';
const [keyA, keyB] = [randomBytes(32), randomBytes(32)];
const [idA, idB] = [keyId(keyA), keyId(keyB)];

describe('keys rotate and keys status (operator CLI)', () => {
  let world: CalendarWorld;
  /** The API the world started with key A alone. */
  let first: TestApp;
  let graph: FakeMetaGraph;
  let meta: MetaSetup;
  let plainClinic: string;
  let linked: string;
  let linkedEmail: string;
  /** The installation's environment with B current and A previous: the API's and the CLI's during the rotation. */
  let rotating: NodeJS.ProcessEnv;

  const registryDb = (): string => `${world.api.prefix}_registry`;
  const clinicDb = (clinicId: string): string => `${world.api.prefix}_clinic_${clinicId.replace(/-/g, '')}`;
  const lineOf = (output: string, text: string): string => output.split('\n').find((line) => line.includes(text)) ?? '';

  /** Key id → values, over every sealed column of the registry and of the clinics' databases. */
  async function keyIdsInUse(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    const databases: Array<[string, typeof SEALED_COLUMNS.registry]> = [
      [registryDb(), SEALED_COLUMNS.registry],
      ...[world.clinicId, plainClinic].map((id): [string, typeof SEALED_COLUMNS.clinic] => [clinicDb(id), SEALED_COLUMNS.clinic]),
    ];
    for (const [database, tables] of databases) {
      await withAdmin(database, async (c) => {
        for (const t of tables) {
          for (const column of t.columns) {
            const rows = await c.query<{ value: string }>(`SELECT ${column} AS value FROM ${t.table} WHERE ${column} IS NOT NULL`);
            for (const { value } of rows.rows) counts[value.split(':')[1]] = (counts[value.split(':')[1]] ?? 0) + 1;
          }
        }
      });
    }
    return counts;
  }

  /** An inbound WhatsApp text signed with `secret`: answers the webhook's status. */
  const inbound = async (api: TestApp, secret: string, from: string): Promise<number> =>
    (await postWebhook(api, world.clinicId, notification(meta.phoneNumberId, { contacts: [contact(from)], messages: [textMessage(from, 'Bonjour')] }), secret)).status;

  /** The practitioner's slots on a day, as the clinic admin sees them. */
  async function slotTimes(api: TestApp, practitionerId: string, day: string): Promise<string[]> {
    const res = await api.get<{ slots: Array<{ start: string }> }>(`${world.base}/slots?treatmentId=${world.treatmentId}&practitionerId=${practitionerId}&from=${day}&to=${day}`, world.token);
    expect(res.status).toBe(200);
    return res.body.slots.map((s) => DateTime.fromISO(s.start, { zone: ZONE }).toFormat('HH:mm'));
  }

  beforeAll(async () => {
    graph = await FakeMetaGraph.start();
    world = await startCalendarWorld({ SECRETS_KEY: keyA.toString('base64'), META_GRAPH_URL: graph.baseUrl });
    first = world.api;
    rotating = { ...world.api.env, SECRETS_KEY: keyB.toString('base64'), SECRETS_KEYS_PREVIOUS: keyA.toString('base64') };
    meta = newMetaSetup();
    graph.tokens.set(meta.phoneNumberId, meta.accessToken);
    await configureWhatsApp(world.api, world.clinicId, world.token, meta);
    linked = await world.practitioner('Linked');
    linkedEmail = await linkCalendar(world, linked);
    plainClinic = (await world.api.provisionClinic(world.superToken)).id;
  });

  afterAll(async () => {
    // The world's stop() closes the API it started (closed already) and drops the installation: the API now serving is ours to close.
    if (world && world.api !== first) await world.api.close();
    await world?.stop();
    await graph?.stop();
  });

  it('declares every sealed column of the registry and of a clinic database', async () => {
    const sealedLike = "SELECT table_name || '.' || column_name AS col FROM information_schema.columns WHERE table_schema = 'public' AND (column_name LIKE '%\\_sealed' OR column_name LIKE '%\\_encrypted') ORDER BY 1";
    const declared = (tables: typeof SEALED_COLUMNS.clinic): string[] => tables.flatMap((t) => t.columns.map((c) => `${t.table}.${c}`)).sort();
    expect((await withAdmin(registryDb(), (c) => c.query<{ col: string }>(sealedLike))).rows.map((r) => r.col)).toEqual(declared(SEALED_COLUMNS.registry));
    expect((await withAdmin(clinicDb(plainClinic), (c) => c.query<{ col: string }>(sealedLike))).rows.map((r) => r.col)).toEqual(declared(SEALED_COLUMNS.clinic));
  });

  it('re-encrypts everything under the new key while the API serves, then works with the new key alone', async () => {
    // A link started under key A and not finished yet: its state is signed and its PKCE verifier sealed with A.
    const pendingDoctor = await world.practitioner('Pending');
    const pending = await consent(world, pendingDoctor);
    expect(await keyIdsInUse()).toEqual({ [idA]: expect.any(Number) as number });

    // The API restarts with B current and A previous (a second instance first, then the old one goes): it still serves.
    const old = world.api;
    world.api = await old.sibling({ SECRETS_KEY: rotating.SECRETS_KEY as string, SECRETS_KEYS_PREVIOUS: rotating.SECRETS_KEYS_PREVIOUS as string });
    await old.close();
    expect((await world.api.get(`/api/clinics/${plainClinic}`, await world.api.superadminToken())).status).toBe(200);
    expect((await world.api.get(`${world.base}/patients`, world.token)).status).toBe(200);
    expect(await inbound(world.api, meta.appSecret, '33611111101')).toBe(200);
    expect(await inbound(world.api, 'not-the-app-secret', '33611111102')).toBe(403);

    const before = await cli(rotating, 'keys', 'status');
    expect(before.code).toBe(0);
    expect(before.out).toMatch(new RegExp(`Previous key ${idA}: still in use by \\d+ values in 2 databases`));

    const rotated = await cli(rotating, 'keys', 'rotate', '--concurrency', '2');
    expect(rotated.code).toBe(0);
    expect(lineOf(rotated.out, world.clinicId)).toMatch(/re-encrypted/);
    expect(rotated.out).toMatch(/3 databases: [1-9]\d* values re-encrypted, [1-9]\d* already current, 0 changed meanwhile, 0 refused, 0 failed/);
    expect(await keyIdsInUse()).toEqual({ [idB]: expect.any(Number) as number });

    const after = await cli(rotating, 'keys', 'status');
    expect(after.code).toBe(0);
    expect(after.out).toContain(`Previous key ${idA}: no longer in use; it can be removed from SECRETS_KEYS_PREVIOUS.`);
    expect(lineOf(after.out, world.clinicId)).toMatch(new RegExp(`${world.clinicId}[│\\s]+[1-9]\\d*[│\\s]+0[│\\s]`));

    const audited = (): Promise<number> =>
      withAdmin(registryDb(), async (c) => (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'secrets.rotated' AND target_id = $1 AND actor_role = 'CLI'`, [idB])).rows[0].n);
    const entries = await audited();
    expect(entries).toBeGreaterThanOrEqual(2);
    const again = await cli(rotating, 'keys', 'rotate');
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/3 databases: 0 values re-encrypted/);
    expect(await audited()).toBe(entries);

    // The link started under A finishes: its state (signed with A) is accepted, its verifier (now under B) read.
    const finished = await callback(world.api, pending.query);
    expect(finished.location).toMatch(/\?calendar=connected$/);

    // Nothing secret was printed.
    const printed = [before, rotated, after, again].map((run) => run.out + run.err).join('\n');
    const grants = world.google.grants();
    for (const secret of [meta.appSecret, meta.accessToken, meta.verifyToken, keyA.toString('base64'), keyB.toString('base64'), ...grants.map((g) => g.refreshToken)]) {
      expect(printed).not.toContain(secret);
    }

    // A fresh API with key B alone: pools open, the webhook's signature is checked with the app secret, the access
    // token sends the reply, and the calendar tokens refresh and read Google's busy time.
    const rotatingApi = world.api;
    world.api = await rotatingApi.sibling({ SECRETS_KEY: keyB.toString('base64'), SECRETS_KEYS_PREVIOUS: '' });
    await rotatingApi.close();
    expect(world.api.config.previousSecretsKeys).toEqual([]);
    expect((await world.api.get(`/api/clinics/${plainClinic}/patients`, await world.api.superadminToken())).status).toBe(200);
    expect(await inbound(world.api, 'not-the-app-secret', '33611111103')).toBe(403);
    expect(await inbound(world.api, meta.appSecret, '33611111104')).toBe(200);
    const reply = await eventually(() => graph.sent.find((s) => s.kind === 'message' && s.body.to === '33611111104'), 'the reply to the patient');
    expect(reply.token).toBe(meta.accessToken);

    const day = dayAhead(4, ZONE);
    world.google.addBusy(linkedEmail, { start: localInstant(day, '10:00', ZONE), end: localInstant(day, '11:00', ZONE) });
    await withAdmin(clinicDb(world.clinicId), (c) => c.query(`UPDATE practitioner_calendar_integrations SET token_expiry = now() - interval '1 minute' WHERE practitioner_id = $1`, [linked]));
    const refreshes = world.google.calls.filter((c) => c.route === 'token' && c.grantType === 'refresh_token' && c.account === linkedEmail).length;
    const times = await slotTimes(world.api, linked, day);
    expect(times).toEqual(expect.arrayContaining(['09:00', '11:00']));
    expect(times.filter((t) => t >= '09:40' && t < '11:00')).toEqual([]);
    expect(world.google.calls.filter((c) => c.route === 'token' && c.grantType === 'refresh_token' && c.account === linkedEmail)).toHaveLength(refreshes + 1);
  });

  it('never overwrites a value another writer stored between its read and its compare-and-swap', async () => {
    const box = new SecretBox(keyB, [keyA]);
    const underA = new SecretBox(keyA);
    const columns = [{ table: 'whatsapp_config', idColumn: 'id', columns: ['access_token_sealed'] }];
    await withAdmin(clinicDb(world.clinicId), (rotator) =>
      // A second connection plays the API, writing just before the rotator's compare-and-swap.
      withAdmin(clinicDb(world.clinicId), async (api) => {
        const setToken = (sealed: string): Promise<unknown> => api.query('UPDATE whatsapp_config SET access_token_sealed = $1', [sealed]);
        const stored = async (): Promise<string> => (await rotator.query<{ v: string }>('SELECT access_token_sealed AS v FROM whatsapp_config')).rows[0].v;
        let meanwhile: (() => Promise<unknown>) | undefined;
        const query: SqlQuery = async (sql, params) => {
          const write = sql.startsWith('WITH s AS (UPDATE') ? meanwhile : undefined;
          meanwhile = write ? undefined : meanwhile;
          await write?.();
          return (await rotator.query(sql, params)).rows as Array<Record<string, unknown>>;
        };

        // The API seals a new token with the current key meanwhile: it is kept as written.
        await setToken(underA.encrypt('token-read-by-the-rotator'));
        meanwhile = () => setToken(box.encrypt('token-written-meanwhile'));
        expect(await rotateSealedValues(query, box, columns)).toMatchObject({ reencrypted: 0, changedMeanwhile: 1, refused: [] });
        expect(box.decrypt(await stored())).toBe('token-written-meanwhile');

        // An API still writing under the old key meanwhile: its value is read again and sealed again, not lost.
        await setToken(underA.encrypt('token-read-by-the-rotator'));
        meanwhile = () => setToken(underA.encrypt('token-written-meanwhile-under-a'));
        expect(await rotateSealedValues(query, box, columns)).toMatchObject({ reencrypted: 1, changedMeanwhile: 0, refused: [] });
        expect(SecretBox.keyIdOf(await stored())).toBe(idB);
        expect(box.decrypt(await stored())).toBe('token-written-meanwhile-under-a');
        expect(meanwhile).toBeUndefined();

        await setToken(box.encrypt(meta.accessToken));
      }),
    );
  });

  it('reports a value under an unknown key by place and leaves it (exit 2), and a clinic it cannot reach fails alone (exit 1)', async () => {
    const keyC = randomBytes(32);
    const box = new SecretBox(keyB);
    // The second clinic's app secret sealed with a key nobody configured; the first clinic's verify token back under
    // A (as a backup restored from before the rotation would bring it).
    const other = newMetaSetup();
    await configureWhatsApp(world.api, plainClinic, await world.api.superadminToken(), other);
    const unknown = new SecretBox(keyC).encrypt(other.appSecret);
    await withAdmin(clinicDb(plainClinic), (c) => c.query('UPDATE whatsapp_config SET webhook_secret_sealed = $1', [unknown]));
    await withAdmin(clinicDb(world.clinicId), (c) => c.query('UPDATE whatsapp_config SET verify_token_sealed = $1', [new SecretBox(keyA).encrypt(meta.verifyToken)]));

    const refused = await cli(rotating, 'keys', 'rotate');
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`Refused (sealed with unknown key ${keyId(keyC)}): ${plainClinic} whatsapp_config.webhook_secret_sealed row true`);
    expect(lineOf(refused.out, plainClinic)).toMatch(/refused/);
    expect(refused.out).toMatch(/3 databases: 1 values re-encrypted, \d+ already current, 0 changed meanwhile, 1 refused, 0 failed/);
    expect(refused.out + refused.err).not.toContain(other.appSecret);
    const secretOfOther = (): Promise<string> =>
      withAdmin(clinicDb(plainClinic), async (c) => (await c.query<{ v: string }>('SELECT webhook_secret_sealed AS v FROM whatsapp_config')).rows[0].v);
    expect(await secretOfOther()).toBe(unknown);
    expect(await keyIdsInUse()).toEqual({ [idB]: expect.any(Number) as number, [keyId(keyC)]: 1 });
    const status = await cli(rotating, 'keys', 'status');
    expect(status.code).toBe(0);
    expect(status.out).toContain(`1 values are under key ${keyId(keyC)}, neither SECRETS_KEY nor in SECRETS_KEYS_PREVIOUS (1 databases): they cannot be read.`);

    // A third clinic whose database takes no connections: it alone fails, the others are done.
    await withAdmin(clinicDb(plainClinic), (c) => c.query('UPDATE whatsapp_config SET webhook_secret_sealed = $1', [box.encrypt(other.appSecret)]));
    const closed = (await world.api.provisionClinic(world.superToken)).id;
    const allowConnections = (allow: boolean): Promise<unknown> =>
      withAdmin('postgres', (c) => c.query(`ALTER DATABASE ${c.escapeIdentifier(clinicDb(closed))} WITH ALLOW_CONNECTIONS ${allow}`));
    await allowConnections(false);
    await withAdmin(clinicDb(world.clinicId), (c) => c.query('UPDATE whatsapp_config SET verify_token_sealed = $1', [new SecretBox(keyA).encrypt(meta.verifyToken)]));
    const failed = await cli(rotating, 'keys', 'rotate', '--concurrency', '3');
    expect(failed.code).toBe(1);
    expect(lineOf(failed.out, closed)).toMatch(/failed.*not currently accepting connections/);
    expect(failed.err).toMatch(new RegExp(`Failed: ${closed}: .*not currently accepting connections`));
    expect(failed.out).toMatch(/4 databases: 1 values re-encrypted, \d+ already current, 0 changed meanwhile, 0 refused, 1 failed/);
    expect((await cli(rotating, 'keys', 'status')).code).toBe(1);
    await allowConnections(true);
    expect((await cli(rotating, 'keys', 'rotate')).code).toBe(0);
  });

  it('refuses a second run while one holds the lock, and bad input, with exit code 2; generates keys on standard output only', async () => {
    await withAdmin(registryDb(), async (c) => {
      await c.query('SELECT pg_advisory_lock($1::bigint)', [advisoryKey(`sophie:${world.api.prefix}:keys-rotate`)]);
      const run = await cli(rotating, 'keys', 'rotate');
      expect(run.code).toBe(2);
      expect(run.err).toContain('Another key rotation is in progress; nothing was done.');
    });
    expect((await cli(rotating, 'keys', 'rotate', '--concurrency', '0')).code).toBe(2);
    expect((await cli({ ...rotating, SECRETS_KEYS_PREVIOUS: 'not-a-key' }, 'keys', 'status')).code).toBe(2);

    const generated = await cli({}, 'keys', 'generate');
    expect(generated.code).toBe(0);
    expect(generated.out).toMatch(/^[A-Za-z0-9+/]{43}=\n$/);
    expect(Buffer.from(generated.out.trim(), 'base64')).toHaveLength(32);
    expect(generated.err).toContain(`New key ${keyId(Buffer.from(generated.out.trim(), 'base64'))}`);
    expect(generated.err).not.toContain(generated.out.trim());
  });
});
