import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { linkStateKey, signLinkState } from '../../libs/calendar/src/linking/link-state';
import { CalendarWorld, CallbackAnswer, callback, consent, startCalendarWorld } from '../support/calendar';
import { createPractitioner, createTreatment } from '../support/scheduling';
import type { ClinicAdmin } from '../support/test-app';
import { withAdmin } from '../support/test-env';

/**
 * Attack suite: the OAuth `state` of Google Calendar linking. Altered, replayed, expired, foreign-key and
 * another-clinic states are refused with 400 in the API's error shape; a refused callback stores nothing (no
 * integration row in any clinic, no code exchanged at Google, no redirect); and whatever the query or the state's
 * claims say, the callback only ever sends the browser to the dashboard's practitioner page.
 */

type Claims = Record<string, unknown>;

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (state: string): Claims => JSON.parse(Buffer.from(state.split('.')[0], 'base64url').toString('utf8')) as Claims;
/** A state over exactly these raw claims (short names as the API writes them), signed with `key`. */
const signRaw = (claims: Claims, key: Buffer): string => {
  const body = b64url(claims);
  return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
};
const flip = (text: string, at: number): string => `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;

describe('Attack suite: OAuth states of calendar linking', () => {
  let world: CalendarWorld;
  let realKey: Buffer;
  /** A second clinic of the same installation, with its own admin and practitioner. */
  let other: { id: string; base: string; admin: ClinicAdmin; practitionerId: string; db: string };

  const clinicDbOf = (id: string): string => `${world.api.prefix}_clinic_${id.replace(/-/g, '')}`;
  const integrations = (db: string): Promise<number> =>
    withAdmin(db, async (c) => (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM practitioner_calendar_integrations')).rows[0].n);
  const pending = (db: string, practitionerId: string): Promise<number> =>
    withAdmin(db, async (c) => (await c.query<{ n: number }>('SELECT count(*)::int AS n FROM calendar_link_requests WHERE practitioner_id = $1', [practitionerId])).rows[0].n);
  const tokenExchanges = (): number => world.google.calls.filter((c) => c.route === 'token' && c.grantType === 'authorization_code').length;

  const withState = (query: string, state: string): string => {
    const params = new URLSearchParams(query);
    params.set('state', state);
    return `?${params.toString()}`;
  };

  function expectRefused(answer: CallbackAnswer, code: string, what: string, status = 400): void {
    expect({ what, status: answer.status, location: answer.location }).toEqual({ what, status, location: null });
    expect(answer.body).toEqual({ statusCode: status, error: STATUS_CODES[status], code, message: expect.any(String), requestId: expect.any(String) });
    expect(JSON.stringify(answer.body)).not.toMatch(/stack|at \w+ \(|SyntaxError|secretsKey/);
  }

  /** Runs the callback and proves it stored nothing: no integration in either clinic, no code sent to Google. */
  async function expectRefusedAndNothingStored(query: string, code: string, what: string, status = 400): Promise<void> {
    const before = { a: await integrations(world.clinicDb), b: await integrations(other.db), exchanges: tokenExchanges() };
    expectRefused(await callback(world.api, query), code, what, status);
    expect({ what, a: await integrations(world.clinicDb), b: await integrations(other.db), exchanges: tokenExchanges() }).toEqual({ what, ...before });
  }

  function expectDashboard(answer: CallbackAnswer, clinicId: string, practitionerId: string, outcome: string): void {
    expect(answer.status).toBe(302);
    expect(answer.location).toBe(`/admin/clinics/${clinicId}/practitioners/${practitionerId}?calendar=${outcome}`);
  }

  beforeAll(async () => {
    world = await startCalendarWorld();
    realKey = linkStateKey(world.api.config.secretsKey);
    const id = (await world.api.provisionClinic(world.superToken)).id;
    const admin = await world.api.createClinicAdmin(world.superToken, id);
    const base = `/api/clinics/${id}`;
    const treatmentId = await createTreatment(world.api, base, admin.token);
    other = { id, base, admin, practitionerId: await createPractitioner(world.api, base, admin.token, 'Other', treatmentId), db: clinicDbOf(id) };
  });

  afterAll(async () => {
    await world?.stop();
  });

  it('links with a genuine state (the baseline every attack below starts from)', async () => {
    const practitionerId = await world.practitioner('Baseline');
    const { query } = await consent(world, practitionerId);
    expectDashboard(await callback(world.api, query), world.clinicId, practitionerId, 'connected');
  });

  describe('altered states', () => {
    let practitionerId: string;
    let query: string;
    let state: string;

    beforeAll(async () => {
      practitionerId = await world.practitioner('Altered');
      ({ query } = await consent(world, practitionerId));
      state = new URLSearchParams(query).get('state') ?? '';
    });

    const alterations: Array<[string, (state: string) => string]> = [
      ['a character of the claims changed', (s) => flip(s, 5)],
      ['a character of the signature changed', (s) => flip(s, s.length - 3)],
      ['the signature removed', (s) => `${s.split('.')[0]}.`],
      ['only the claims', (s) => s.split('.')[0]],
      ['only the signature', (s) => s.split('.')[1]],
      ['a third part appended', (s) => `${s}.${s.split('.')[1]}`],
      ['the signature truncated', (s) => s.slice(0, -4)],
      ['the signature doubled', (s) => `${s}${s.split('.')[1]}`],
      ['the parts swapped', (s) => s.split('.').reverse().join('.')],
      ['padding added to the claims', (s) => `${s.split('.')[0]}==.${s.split('.')[1]}`],
      ['surrounding spaces', (s) => ` ${s} `],
      ['claims naming another practitioner under the original signature', (s) => `${b64url({ ...decode(s), p: randomUUID() })}.${s.split('.')[1]}`],
      ['a later expiry under the original signature', (s) => `${b64url({ ...decode(s), e: Math.floor(Date.now() / 1000) + 86400 * 365 })}.${s.split('.')[1]}`],
      ['SQL in place of the state', () => "' OR '1'='1"],
      ['a JSON object in place of the state', () => '{"c":"x"}'],
      ['a very long state', (s) => `${s}${'A'.repeat(6000)}`],
    ];

    it.each(alterations)('refuses a state with %s (400 OAUTH_STATE_INVALID), and stores nothing', async (what, alter) => {
      const altered = alter(state);
      expect(altered).not.toBe(state);
      await expectRefusedAndNothingStored(withState(query, altered), 'OAUTH_STATE_INVALID', what);
    });

    it('refuses a callback without a state, with an empty one and with the state given twice', async () => {
      const params = new URLSearchParams(query);
      params.delete('state');
      await expectRefusedAndNothingStored(`?${params.toString()}`, 'OAUTH_STATE_INVALID', 'no state');
      await expectRefusedAndNothingStored(withState(query, ''), 'OAUTH_STATE_INVALID', 'empty state');
      await expectRefusedAndNothingStored(`${query}&state=${encodeURIComponent(state)}`, 'OAUTH_STATE_INVALID', 'state twice');
      await expectRefusedAndNothingStored(`${query.replace(/([?&])state=/, '$1state[x]=')}`, 'OAUTH_STATE_INVALID', 'state as an object');
    });

    it('still accepts the untouched state afterwards: refusals did not use it up', async () => {
      expect(await pending(world.clinicDb, practitionerId)).toBe(1);
      expectDashboard(await callback(world.api, query), world.clinicId, practitionerId, 'connected');
    });
  });

  describe('replayed states', () => {
    it('refuses a state used once already (400 OAUTH_STATE_USED): no second exchange, the stored link unchanged', async () => {
      const practitionerId = await world.practitioner('Replayed');
      const { query } = await consent(world, practitionerId);
      expectDashboard(await callback(world.api, query), world.clinicId, practitionerId, 'connected');
      const row = async (): Promise<unknown> =>
        withAdmin(world.clinicDb, async (c) => (await c.query<Record<string, unknown>>('SELECT access_token_sealed, refresh_token_sealed, account_email FROM practitioner_calendar_integrations WHERE practitioner_id = $1', [practitionerId])).rows);
      const stored = await row();
      for (let i = 0; i < 3; i += 1) await expectRefusedAndNothingStored(query, 'OAUTH_STATE_USED', `replay ${i + 1}`);
      expect(await row()).toEqual(stored);
    });

    it('refuses a state replayed after a denied consent (the denial used it up)', async () => {
      const practitionerId = await world.practitioner('DeniedReplay');
      const denied = await consent(world, practitionerId, { deny: true });
      expectDashboard(await callback(world.api, denied.query), world.clinicId, practitionerId, 'denied');
      // The same state with a code, as an attacker holding an authorisation code of their own would send it.
      const params = new URLSearchParams(denied.query);
      params.delete('error');
      params.set('code', 'attacker-code');
      await expectRefusedAndNothingStored(`?${params.toString()}`, 'OAUTH_STATE_USED', 'denied, then replayed with a code');
    });

    it('lets exactly one of ten concurrent callbacks with the same state through', async () => {
      const practitionerId = await world.practitioner('Race');
      const { query } = await consent(world, practitionerId);
      const exchanges = tokenExchanges();
      const answers = await Promise.all(Array.from({ length: 10 }, () => callback(world.api, query)));
      expect(answers.filter((a) => a.status === 302)).toHaveLength(1);
      const refused = answers.filter((a) => a.status !== 302);
      expect(refused).toHaveLength(9);
      for (const answer of refused) expectRefused(answer, 'OAUTH_STATE_USED', 'concurrent replay');
      expect(tokenExchanges()).toBe(exchanges + 1);
      expect(await withAdmin(world.clinicDb, async (c) => (await c.query('SELECT 1 FROM practitioner_calendar_integrations WHERE practitioner_id = $1', [practitionerId])).rowCount)).toBe(1);
    });
  });

  describe('expired states', () => {
    it('refuses a genuinely signed state past its expiry, even by one second (400 OAUTH_STATE_EXPIRED)', async () => {
      const practitionerId = await world.practitioner('Expired');
      const { query } = await consent(world, practitionerId);
      const claims = decode(new URLSearchParams(query).get('state') ?? '');
      const now = Math.floor(Date.now() / 1000);
      for (const [what, e] of [['a second ago', now - 1], ['now', now], ['an hour ago', now - 3600], ['at the epoch', 0]] as const) {
        await expectRefusedAndNothingStored(withState(query, signRaw({ ...claims, e }, realKey)), 'OAUTH_STATE_EXPIRED', `expired ${what}`);
      }
    });

    it('refuses a state whose pending link expired in the database though its own expiry is later', async () => {
      const practitionerId = await world.practitioner('ExpiredServerSide');
      const { query } = await consent(world, practitionerId);
      await withAdmin(world.clinicDb, (c) => c.query(`UPDATE calendar_link_requests SET expires_at = now() - interval '1 second' WHERE practitioner_id = $1`, [practitionerId]));
      await expectRefusedAndNothingStored(query, 'OAUTH_STATE_USED', 'pending link expired');
    });
  });

  describe('states signed with another key', () => {
    it.each<[string, () => Buffer | string]>([
      ['a random key', () => randomBytes(32)],
      ["another installation's derived key", () => linkStateKey(randomBytes(32))],
      ['the raw secrets key (not the derived one)', () => world.api.config.secretsKey],
      ['the JWT secret', () => world.api.config.jwtSecret],
      ['an empty key', () => Buffer.alloc(0)],
    ])('refuses a state signed with %s (400 OAUTH_STATE_INVALID), and stores nothing', async (what, key) => {
      const practitionerId = await world.practitioner(`Foreign${Math.random().toString(36).slice(2, 6)}`);
      const { query } = await consent(world, practitionerId);
      const claims = decode(new URLSearchParams(query).get('state') ?? '');
      await expectRefusedAndNothingStored(withState(query, signRaw(claims, Buffer.from(key()))), 'OAUTH_STATE_INVALID', what);
      expect(await pending(world.clinicDb, practitionerId)).toBe(1);
    });
  });

  describe('states of another clinic', () => {
    let bQuery: string;
    let bState: string;

    beforeAll(async () => {
      const connect = await world.api.post<{ authorization_url: string }>(`${other.base}/practitioners/${other.practitionerId}/calendar/connect`, {}, other.admin.token);
      expect(connect.status).toBe(200);
      world.google.nextConsent({});
      const location = (await fetch(connect.body.authorization_url, { redirect: 'manual' })).headers.get('location') ?? '';
      bQuery = new URL(location).search;
      bState = new URLSearchParams(bQuery).get('state') ?? '';
    });

    it("refuses clinic B's state re-pointed at clinic A under its original signature (400 OAUTH_STATE_INVALID)", async () => {
      const [, signature] = bState.split('.');
      const repointed = `${b64url({ ...decode(bState), c: world.clinicId })}.${signature}`;
      await expectRefusedAndNothingStored(withState(bQuery, repointed), 'OAUTH_STATE_INVALID', 'B re-pointed at A');
    });

    it("refuses, even with the real key, clinic B's nonce under clinic A's id, and clinic A's nonce under clinic B's id (400 OAUTH_STATE_USED)", async () => {
      const practitionerA = await world.practitioner('CrossClinic');
      const { query: aQuery } = await consent(world, practitionerA);
      const aClaims = decode(new URLSearchParams(aQuery).get('state') ?? '');
      await expectRefusedAndNothingStored(withState(bQuery, signRaw({ ...decode(bState), c: world.clinicId }, realKey)), 'OAUTH_STATE_USED', "B's nonce in A");
      await expectRefusedAndNothingStored(withState(bQuery, signRaw({ ...decode(bState), c: world.clinicId, p: practitionerA }, realKey)), 'OAUTH_STATE_USED', "B's nonce for A's practitioner");
      await expectRefusedAndNothingStored(withState(aQuery, signRaw({ ...aClaims, c: other.id }, realKey)), 'OAUTH_STATE_USED', "A's nonce in B");
      await expectRefusedAndNothingStored(withState(aQuery, signRaw({ ...aClaims, c: other.id, p: other.practitionerId }, realKey)), 'OAUTH_STATE_USED', "A's nonce for B's practitioner");
      // Neither attempt used up the genuine pending links of either clinic.
      expect(await pending(world.clinicDb, practitionerA)).toBe(1);
      expect(await pending(other.db, other.practitionerId)).toBe(1);
    });

    it('refuses, even with the real key, a state naming a clinic that does not exist (404 in the error shape, no redirect)', async () => {
      // Only a holder of the state key can get here (the MAC is checked first); the clinic is resolved as any route resolves it.
      const code = (await world.api.get(`/api/clinics/${randomUUID()}`, world.superToken)).body.code as string;
      await expectRefusedAndNothingStored(withState(bQuery, signRaw({ ...decode(bState), c: randomUUID() }, realKey)), code, 'unknown clinic', 404);
    });

    it("refuses a state naming clinic A and one of A's pending links but clinic B's admin (403 OAUTH_LINK_FORBIDDEN)", async () => {
      const practitionerA = await world.practitioner('ForeignAdmin');
      const { query } = await consent(world, practitionerA);
      const claims = decode(new URLSearchParams(query).get('state') ?? '');
      // As if the pending link had been started by B's admin (the API refuses that outright: see below).
      await withAdmin(world.clinicDb, (c) => c.query('UPDATE calendar_link_requests SET user_id = $1 WHERE practitioner_id = $2', [other.admin.id, practitionerA]));
      await expectRefusedAndNothingStored(withState(query, signRaw({ ...claims, u: other.admin.id }, realKey)), 'OAUTH_LINK_FORBIDDEN', "B's admin for A", 403);
    });

    it("refuses clinic B's admin starting a link for clinic A's practitioner", async () => {
      const practitionerA = await world.practitioner('NotYours');
      const res = await world.api.post(`${world.base}/practitioners/${practitionerA}/calendar/connect`, {}, other.admin.token);
      expect(res.status).toBe(403);
      expect(await pending(world.clinicDb, practitionerA)).toBe(0);
    });

    it("links clinic B's own practitioner with its untouched state, into clinic B only", async () => {
      const beforeA = await integrations(world.clinicDb);
      expectDashboard(await callback(world.api, bQuery), other.id, other.practitionerId, 'connected');
      expect(await integrations(world.clinicDb)).toBe(beforeA);
      expect(await withAdmin(other.db, async (c) => (await c.query('SELECT 1 FROM practitioner_calendar_integrations WHERE practitioner_id = $1', [other.practitionerId])).rowCount)).toBe(1);
    });
  });

  describe('where the callback sends the browser', () => {
    const elsewhere = ['https://evil.example/steal', '//evil.example/steal', '/\\evil.example', 'javascript:alert(1)', `/admin/../../evil`];

    it('ignores redirect_uri, next, return_to, url and continue on the query: only the practitioner page', async () => {
      const practitionerId = await world.practitioner('Redirect');
      const { query } = await consent(world, practitionerId);
      const params = new URLSearchParams(query);
      for (const target of elsewhere) {
        for (const name of ['redirect_uri', 'redirect', 'next', 'return_to', 'returnTo', 'url', 'continue', 'callback', 'target']) params.append(name, target);
      }
      const answer = await callback(world.api, `?${params.toString()}`);
      expectDashboard(answer, world.clinicId, practitionerId, 'connected');
    });

    it('ignores the same parameters on a denied consent and on a refused state (no Location at all)', async () => {
      const practitionerId = await world.practitioner('RedirectDenied');
      const denied = await consent(world, practitionerId, { deny: true });
      const evil = elsewhere.map((t) => `&redirect_uri=${encodeURIComponent(t)}&next=${encodeURIComponent(t)}`).join('');
      const answer = await callback(world.api, `${denied.query}${evil}&error_description=${encodeURIComponent('<script>alert(1)</script>')}`);
      expectDashboard(answer, world.clinicId, practitionerId, 'denied');
      await expectRefusedAndNothingStored(`${withState(denied.query, 'forged.state')}${evil}`, 'OAUTH_STATE_INVALID', 'forged state with redirects');
    });

    it('refuses, even with the real key, claims that would point the redirect elsewhere', async () => {
      const practitionerId = await world.practitioner('RedirectClaims');
      const { query } = await consent(world, practitionerId);
      const claims = decode(new URLSearchParams(query).get('state') ?? '');
      for (const target of elsewhere) {
        await expectRefusedAndNothingStored(withState(query, signRaw({ ...claims, c: target }, realKey)), 'OAUTH_STATE_INVALID', `clinic ${target}`);
        await expectRefusedAndNothingStored(withState(query, signRaw({ ...claims, p: `${practitionerId}/../../${target}` }, realKey)), 'OAUTH_STATE_INVALID', `practitioner ${target}`);
        await expectRefusedAndNothingStored(withState(query, signRaw({ ...claims, p: `${practitionerId}?calendar=connected#${target}` }, realKey)), 'OAUTH_STATE_INVALID', `practitioner with a query ${target}`);
      }
      // Extra claims naming a destination are ignored: the genuine nonce links, and the browser still goes home.
      const extra = signRaw({ ...claims, r: elsewhere[0], redirect: elsewhere[0], url: elsewhere[1], next: elsewhere[1] }, realKey);
      expectDashboard(await callback(world.api, withState(query, extra)), world.clinicId, practitionerId, 'connected');
    });

    it('signs states only over the clinic, practitioner, user, nonce and expiry (nothing the browser could steer)', () => {
      const state = signLinkState({ clinicId: world.clinicId, practitionerId: randomUUID(), userId: randomUUID(), nonce: 'n', expiresAt: 1 }, realKey);
      expect(Object.keys(decode(state)).sort()).toEqual(['c', 'e', 'n', 'p', 'u']);
    });
  });
});
