import { createHash, randomBytes } from 'node:crypto';
import { CodeChallengeMethod } from 'google-auth-library';
import { google } from 'googleapis';
import { FakeGoogle, internalError, invalidGrant, tooManyRequests, unavailable, userRateLimitExceeded } from './google-fake';

const SCOPE = 'https://www.googleapis.com/auth/';
const CALENDAR_SCOPES = [`${SCOPE}calendar.events`, `${SCOPE}calendar.freebusy`];
const REDIRECT_URI = 'http://127.0.0.1:9/oauth/google/callback';

interface TokenAnswer {
  access_token: string;
  expires_in: number;
  refresh_token?: string;
  scope: string;
  token_type: string;
  id_token?: string;
}

/** Raw HTTP against the fake, plus one pass through googleapis to pin the wire formats the real client uses. */
describe(FakeGoogle.name, () => {
  let fake: FakeGoogle;

  const pkce = (): { verifier: string; challenge: string } => {
    const verifier = randomBytes(32).toString('base64url');
    return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
  };
  const authUrl = (challenge: string, extra: Record<string, string> = {}): string =>
    `${fake.baseUrl}/o/oauth2/v2/auth?${new URLSearchParams({
      client_id: 'fake-client-id',
      redirect_uri: REDIRECT_URI,
      response_type: 'code',
      scope: CALENDAR_SCOPES.join(' '),
      state: 'st-1',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      access_type: 'offline',
      prompt: 'consent',
      ...extra,
    }).toString()}`;
  const form = (path: string, fields: Record<string, string>) =>
    fetch(`${fake.baseUrl}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });
  const exchange = (code: string, verifier: string, extra: Record<string, string> = {}) =>
    form('/token', { code, code_verifier: verifier, client_id: 'fake-client-id', client_secret: 'fake-client-secret', grant_type: 'authorization_code', redirect_uri: REDIRECT_URI, ...extra });
  const refresh = (refreshToken: string) =>
    form('/token', { refresh_token: refreshToken, client_id: 'fake-client-id', client_secret: 'fake-client-secret', grant_type: 'refresh_token' });
  const consent = async (extra: Record<string, string> = {}): Promise<{ redirect: URL; verifier: string }> => {
    const { verifier, challenge } = pkce();
    const res = await fetch(authUrl(challenge, extra), { redirect: 'manual' });
    expect(res.status).toBe(302);
    return { redirect: new URL(res.headers.get('location') ?? ''), verifier };
  };
  /** Signs `email` in and exchanges the code: the token answer. */
  const signIn = async (email?: string, grantScopes?: string[]): Promise<TokenAnswer> => {
    fake.nextConsent({ email, grantScopes });
    const { redirect, verifier } = await consent();
    const res = await exchange(redirect.searchParams.get('code') ?? '', verifier);
    expect(res.status).toBe(200);
    return (await res.json()) as TokenAnswer;
  };
  const api = (method: string, path: string, token: string | undefined, body?: unknown) =>
    fetch(`${fake.baseUrl}/calendar/v3${path}`, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const events = (calendarId: string) => `/calendars/${encodeURIComponent(calendarId)}/events`;
  const meeting = (id: string | undefined, start: string, end: string, extra: Record<string, unknown> = {}) => ({
    ...(id ? { id } : {}),
    summary: 'Consultation',
    start: { dateTime: start, timeZone: 'Europe/Paris' },
    end: { dateTime: end, timeZone: 'Europe/Paris' },
    ...extra,
  });
  const freeBusy = (token: string, items: string[], timeMin = '2030-01-07T00:00:00Z', timeMax = '2030-01-08T00:00:00Z') =>
    api('POST', '/freeBusy', token, { timeMin, timeMax, timeZone: 'UTC', items: items.map((id) => ({ id })) });

  beforeAll(async () => {
    fake = await FakeGoogle.start();
  });

  afterEach(() => fake.reset());

  afterAll(async () => {
    await fake.stop();
  });

  describe('OAuth', () => {
    it('redirects with a code, exchanges it once with the right PKCE verifier, and refuses a wrong verifier and a reused code', async () => {
      expect(fake.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const { redirect, verifier } = await consent();
      expect(`${redirect.origin}${redirect.pathname}`).toBe(REDIRECT_URI);
      expect(redirect.searchParams.get('state')).toBe('st-1');
      expect(redirect.searchParams.get('scope')).toBe(CALENDAR_SCOPES.join(' '));
      const code = redirect.searchParams.get('code') ?? '';

      const wrong = await exchange(code, pkce().verifier);
      expect(wrong.status).toBe(400);
      expect(await wrong.json()).toEqual({ error: 'invalid_grant', error_description: 'Invalid code verifier.' });
      expect((await exchange(code, verifier, { redirect_uri: 'http://127.0.0.1:9/elsewhere' })).status).toBe(400);
      const badClient = await exchange(code, verifier, { client_secret: 'nope' });
      expect(badClient.status).toBe(401);
      expect(await badClient.json()).toMatchObject({ error: 'invalid_client' });

      const res = await exchange(code, verifier);
      expect(res.status).toBe(200);
      const tokens = (await res.json()) as TokenAnswer;
      expect(tokens).toEqual({
        access_token: expect.stringMatching(/^ya29\./),
        expires_in: 3599,
        refresh_token: expect.any(String),
        scope: CALENDAR_SCOPES.join(' '),
        token_type: 'Bearer',
        id_token: expect.any(String),
      });
      const [header, payload] = (tokens.id_token ?? '').split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown);
      expect(header).toEqual({ alg: 'RS256', kid: 'fake', typ: 'JWT' });
      expect(payload).toMatchObject({ iss: 'https://accounts.google.com', aud: 'fake-client-id', sub: expect.stringMatching(/^\d{21}$/), email: 'practitioner@example.test', email_verified: true });

      const reused = await exchange(code, verifier);
      expect(reused.status).toBe(400);
      expect(await reused.json()).toEqual({ error: 'invalid_grant', error_description: 'Code was already redeemed.' });
      expect(fake.count('token', { status: 'ok' })).toBe(1);
      expect(fake.count('token', { status: 400 })).toBe(3);
      expect(fake.calls.filter((c) => c.route === 'token').every((c) => c.grantType === 'authorization_code' && c.account === 'practitioner@example.test')).toBe(true);
    });

    it('refuses an authorization request without PKCE, signs in the account of nextConsent with the scopes it grants, and reports a denial', async () => {
      const noPkce = await fetch(authUrl('x', { code_challenge_method: 'plain' }), { redirect: 'manual' });
      expect(noPkce.status).toBe(400);
      expect(await noPkce.text()).toMatch(/S256/);

      const tokens = await signIn('dr.martin@example.test', [`${SCOPE}calendar.freebusy`]);
      expect(tokens.scope).toBe(`${SCOPE}calendar.freebusy`);
      expect(fake.grants()).toEqual([{ email: 'dr.martin@example.test', scopes: [`${SCOPE}calendar.freebusy`], refreshToken: tokens.refresh_token, revoked: false, createdAt: expect.any(Date) }]);
      const info = await fetch(`${fake.baseUrl}/tokeninfo?access_token=${tokens.access_token}`);
      expect(await info.json()).toMatchObject({ aud: 'fake-client-id', email: 'dr.martin@example.test', scope: `${SCOPE}calendar.freebusy`, expires_in: expect.stringMatching(/^\d+$/) });
      // The one-shot consent is spent: the next sign-in is the default account's.
      expect(JSON.parse(Buffer.from((await signIn()).id_token?.split('.')[1] ?? '', 'base64url').toString())).toMatchObject({ email: 'practitioner@example.test' });

      fake.nextConsent({ deny: true });
      const { redirect } = await consent();
      expect(Object.fromEntries(redirect.searchParams)).toEqual({ error: 'access_denied', state: 'st-1' });
    });

    it('refreshes without a new refresh token, then refuses it once the grant is revoked', async () => {
      const tokens = await signIn();
      fake.expireAccessTokens();
      const expired = await api('GET', `${events('primary')}/abcdef`, tokens.access_token);
      expect(expired.status).toBe(401);
      expect(await expired.json()).toEqual({
        error: {
          code: 401,
          message: 'Request had invalid authentication credentials.',
          errors: [{ message: 'Invalid Credentials', domain: 'global', reason: 'authError', location: 'Authorization', locationType: 'header' }],
          status: 'UNAUTHENTICATED',
        },
      });
      expect((await fetch(`${fake.baseUrl}/tokeninfo?access_token=${tokens.access_token}`)).status).toBe(400);

      const refreshed = await refresh(tokens.refresh_token ?? '');
      expect(refreshed.status).toBe(200);
      const fresh = (await refreshed.json()) as TokenAnswer;
      expect(fresh).toEqual({ access_token: expect.any(String), expires_in: 3599, scope: tokens.scope, token_type: 'Bearer' });
      expect((await api('GET', `${events('primary')}/abcdef`, fresh.access_token)).status).toBe(404);

      const revoked = await fetch(`${fake.baseUrl}/revoke?token=${encodeURIComponent(fresh.access_token)}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      expect(revoked.status).toBe(200);
      expect(await revoked.json()).toEqual({});
      const again = await refresh(tokens.refresh_token ?? '');
      expect(again.status).toBe(400);
      expect(await again.json()).toEqual({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
      expect((await api('GET', `${events('primary')}/abcdef`, fresh.access_token)).status).toBe(401);
      const unknown = await form('/revoke', { token: tokens.refresh_token ?? '' });
      expect(unknown.status).toBe(400);
      expect(await unknown.json()).toEqual({ error: 'invalid_token', error_description: 'Token expired or revoked' });
      expect(fake.grants()[0].revoked).toBe(true);
    });

    it('revokeGrant cuts off the account as if the user removed access at Google', async () => {
      const tokens = await signIn('dr.martin@example.test');
      fake.revokeGrant('dr.martin@example.test');
      expect((await refresh(tokens.refresh_token ?? '')).status).toBe(400);
      expect((await freeBusy(tokens.access_token, ['primary'])).status).toBe(401);
    });

    it('serves an HTML consent page when autoConsent is off, whose form ends in the redirect', async () => {
      const manual = await FakeGoogle.start({ autoConsent: false, clientId: 'cid', clientSecret: 'secret' });
      try {
        const { challenge } = pkce();
        const url = authUrl(challenge, { client_id: 'cid' }).replace(fake.baseUrl, manual.baseUrl);
        const page = await fetch(url);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('action="/o/oauth2/v2/auth/consent"');
        const fields = new URLSearchParams(new URL(url).searchParams);
        fields.set('fake_email', 'someone@example.test');
        fields.append('fake_grant', `${SCOPE}calendar.events`);
        fields.set('fake_decision', 'allow');
        const res = await fetch(`${manual.baseUrl}/o/oauth2/v2/auth/consent`, { method: 'POST', body: fields, redirect: 'manual' });
        expect(res.status).toBe(302);
        const redirect = new URL(res.headers.get('location') ?? '');
        expect(redirect.searchParams.get('scope')).toBe(`${SCOPE}calendar.events`);
        expect(manual.calls.map((c) => [c.route, c.status, c.account])).toEqual([
          ['auth', 200, undefined],
          ['auth', 302, 'someone@example.test'],
        ]);
      } finally {
        await manual.stop();
      }
    });
  });

  describe('Calendar events', () => {
    it('inserts, refuses a duplicate id, gets, updates, patches, deletes, then answers 410', async () => {
      const { access_token: token } = await signIn();
      const res = await api('POST', events('primary'), token, meeting('sophie0001', '2030-01-07T10:00:00+01:00', '2030-01-07T10:30:00+01:00'));
      expect(res.status).toBe(200);
      const inserted = (await res.json()) as Record<string, unknown>;
      expect(inserted).toMatchObject({
        kind: 'calendar#event',
        id: 'sophie0001',
        status: 'confirmed',
        etag: expect.stringMatching(/^"\d+"$/),
        htmlLink: expect.stringMatching(/^https:\/\/www\.google\.com\/calendar\/event\?eid=/),
        created: expect.any(String),
        updated: expect.any(String),
        iCalUID: 'sophie0001@google.com',
        summary: 'Consultation',
      });

      const duplicate = await api('POST', events('practitioner@example.test'), token, meeting('sophie0001', '2030-01-07T11:00:00Z', '2030-01-07T12:00:00Z'));
      expect(duplicate.status).toBe(409);
      expect(await duplicate.json()).toEqual({
        error: { code: 409, message: 'The requested identifier already exists.', errors: [{ domain: 'global', reason: 'duplicate', message: 'The requested identifier already exists.' }] },
      });
      expect((await api('POST', events('primary'), token, meeting('Not_Base32', '2030-01-07T11:00:00Z', '2030-01-07T12:00:00Z'))).status).toBe(400);
      expect((await api('POST', events('primary'), token, { id: 'sophie0002', start: { dateTime: '2030-01-07T11:00:00Z' } })).status).toBe(400);

      const got = await api('GET', `${events('primary')}/sophie0001`, token);
      expect(await got.json()).toEqual(inserted);

      const put = await api('PUT', `${events('primary')}/sophie0001`, token, meeting(undefined, '2030-01-07T14:00:00Z', '2030-01-07T14:30:00Z', { summary: 'Moved' }));
      expect(put.status).toBe(200);
      expect(await put.json()).toMatchObject({ id: 'sophie0001', created: inserted.created, summary: 'Moved', start: { dateTime: '2030-01-07T14:00:00Z' } });
      const patch = await api('PATCH', `${events('primary')}/sophie0001`, token, { description: 'Patient: Jeanne', start: { dateTime: '2030-01-07T13:30:00Z' } });
      expect(await patch.json()).toMatchObject({ summary: 'Moved', description: 'Patient: Jeanne', start: { dateTime: '2030-01-07T13:30:00Z', timeZone: 'Europe/Paris' } });
      expect((await api('PATCH', `${events('primary')}/unknown01`, token, { summary: 'x' })).status).toBe(404);

      expect((await api('DELETE', `${events('primary')}/sophie0001`, token)).status).toBe(204);
      expect(await (await api('GET', `${events('primary')}/sophie0001`, token)).json()).toMatchObject({ id: 'sophie0001', status: 'cancelled' });
      const gone = await api('DELETE', `${events('primary')}/sophie0001`, token);
      expect(gone.status).toBe(410);
      expect(await gone.json()).toEqual({
        error: { code: 410, message: 'Resource has been deleted', errors: [{ domain: 'global', reason: 'deleted', message: 'Resource has been deleted' }] },
      });
      const unknown = await api('DELETE', `${events('primary')}/unknown01`, token);
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ error: { code: 404, errors: [{ reason: 'notFound' }] } });
      expect((await api('POST', events('primary'), token, meeting('sophie0001', '2030-01-07T11:00:00Z', '2030-01-07T12:00:00Z'))).status).toBe(409);

      const revived = await api('PUT', `${events('primary')}/sophie0001`, token, meeting(undefined, '2030-01-07T14:00:00Z', '2030-01-07T14:30:00Z', { status: 'confirmed' }));
      expect(await revived.json()).toMatchObject({ status: 'confirmed' });
      expect(fake.events('practitioner@example.test')).toEqual([expect.objectContaining({ id: 'sophie0001', status: 'confirmed', summary: 'Consultation' })]);
      expect(fake.calls.find((c) => c.route === 'events.insert')).toMatchObject({ method: 'POST', status: 200, calendarId: 'primary', eventId: 'sophie0001', account: 'practitioner@example.test' });
    });

    it("makes an id when none is given, and keeps an account out of another's calendars and out of scopes it lacks", async () => {
      const { access_token: token } = await signIn();
      const made = (await (await api('POST', events('primary'), token, meeting(undefined, '2030-01-07T10:00:00Z', '2030-01-07T11:00:00Z'))).json()) as { id: string };
      expect(made.id).toMatch(/^[a-v0-9]{26}$/);
      expect(fake.calls.at(-1)?.eventId).toBe(made.id);

      const other = await api('POST', events('someone.else@example.test'), token, meeting(undefined, '2030-01-07T10:00:00Z', '2030-01-07T11:00:00Z'));
      expect(other.status).toBe(404);
      fake.addCalendar('practitioner@example.test', 'cabinet@group.calendar.google.com');
      expect((await api('POST', events('cabinet@group.calendar.google.com'), token, meeting(undefined, '2030-01-07T10:00:00Z', '2030-01-07T11:00:00Z'))).status).toBe(200);
      expect(fake.events('cabinet@group.calendar.google.com')).toHaveLength(1);

      const { access_token: readOnly } = await signIn('ro@example.test', [`${SCOPE}calendar.freebusy`]);
      const denied = await api('POST', events('primary'), readOnly, meeting(undefined, '2030-01-07T10:00:00Z', '2030-01-07T11:00:00Z'));
      expect(denied.status).toBe(403);
      expect(await denied.json()).toMatchObject({ error: { code: 403, errors: [{ reason: 'insufficientPermissions' }], status: 'PERMISSION_DENIED' } });
      expect((await api('GET', `${events('primary')}/abcdef`, undefined)).status).toBe(401);
    });
  });

  describe('freeBusy', () => {
    it('reports merged busy time from opaque live events and added intervals, and per-calendar errors', async () => {
      const { access_token: token } = await signIn();
      const insert = (body: unknown) => api('POST', events('primary'), token, body);
      await insert(meeting('taken0001', '2030-01-07T09:00:00Z', '2030-01-07T10:00:00Z'));
      await insert(meeting('taken0002', '2030-01-07T09:30:00Z', '2030-01-07T10:30:00Z'));
      await insert(meeting('free00001', '2030-01-07T12:00:00Z', '2030-01-07T13:00:00Z', { transparency: 'transparent' }));
      await insert(meeting('gone00001', '2030-01-07T14:00:00Z', '2030-01-07T15:00:00Z'));
      await api('DELETE', `${events('primary')}/gone00001`, token);
      await insert(meeting('edge00001', '2030-01-06T23:00:00Z', '2030-01-07T01:00:00Z'));
      fake.addBusy('practitioner@example.test', { start: new Date('2030-01-07T16:00:00Z'), end: '2030-01-07T17:00:00Z' });
      fake.addCalendar('practitioner@example.test', 'broken@group.calendar.google.com');
      fake.setFreeBusyError('broken@group.calendar.google.com');

      const res = await freeBusy(token, ['primary', 'someone.else@example.test', 'broken@group.calendar.google.com']);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        kind: 'calendar#freeBusy',
        timeMin: '2030-01-07T00:00:00.000Z',
        timeMax: '2030-01-08T00:00:00.000Z',
        calendars: {
          primary: {
            busy: [
              { start: '2030-01-07T00:00:00Z', end: '2030-01-07T01:00:00Z' },
              { start: '2030-01-07T09:00:00Z', end: '2030-01-07T10:30:00Z' },
              { start: '2030-01-07T16:00:00Z', end: '2030-01-07T17:00:00Z' },
            ],
          },
          'someone.else@example.test': { errors: [{ domain: 'global', reason: 'notFound' }], busy: [] },
          'broken@group.calendar.google.com': { errors: [{ domain: 'global', reason: 'backendError' }], busy: [] },
        },
      });

      const empty = await freeBusy(token, ['primary'], '2030-01-07T10:00:00Z', '2030-01-07T10:00:00Z');
      expect(empty.status).toBe(400);
      expect(await empty.json()).toMatchObject({ error: { code: 400, errors: [{ reason: 'timeRangeEmpty' }] } });
      const { access_token: eventsOnly } = await signIn('eo@example.test', [`${SCOPE}calendar.events`]);
      expect((await freeBusy(eventsOnly, ['primary'])).status).toBe(403);
    });
  });

  describe('failure injection and observation', () => {
    it('failNext with afterApplying stores the event and still answers the error, so the retry meets a 409', async () => {
      const { access_token: token } = await signIn();
      fake.failNext('events.insert', { ...unavailable(), afterApplying: true });
      const lost = await api('POST', events('primary'), token, meeting('lost00001', '2030-01-07T10:00:00Z', '2030-01-07T11:00:00Z'));
      expect(lost.status).toBe(503);
      expect(await lost.json()).toEqual({ error: { code: 503, message: 'Backend Error', errors: [{ domain: 'global', reason: 'backendError', message: 'Backend Error' }] } });
      expect(fake.events('practitioner@example.test').map((e) => e.id)).toEqual(['lost00001']);
      expect((await api('POST', events('primary'), token, meeting('lost00001', '2030-01-07T10:00:00Z', '2030-01-07T11:00:00Z'))).status).toBe(409);

      fake.failNext('events.insert', internalError(), 2);
      expect((await api('POST', events('primary'), token, meeting('nope00001', '2030-01-07T10:00:00Z', '2030-01-07T11:00:00Z'))).status).toBe(500);
      expect((await api('POST', events('primary'), token, meeting('nope00001', '2030-01-07T10:00:00Z', '2030-01-07T11:00:00Z'))).status).toBe(500);
      expect((await api('POST', events('primary'), token, meeting('nope00001', '2030-01-07T10:00:00Z', '2030-01-07T11:00:00Z'))).status).toBe(200);
      expect(fake.count('events.insert')).toBe(5);
      expect(fake.count('events.insert', { status: 'ok' })).toBe(1);
    });

    it("shapes rate limits and the token route's invalid_grant as Google does, and failWhen matches on the request", async () => {
      const tokens = await signIn();
      fake.failNext('freebusy', tooManyRequests());
      const limited = await freeBusy(tokens.access_token, ['primary']);
      expect(limited.status).toBe(429);
      expect(await limited.json()).toEqual({
        error: { code: 429, message: 'Rate Limit Exceeded', errors: [{ domain: 'usageLimits', reason: 'rateLimitExceeded', message: 'Rate Limit Exceeded' }], status: 'RESOURCE_EXHAUSTED' },
      });
      const stop = fake.failWhen((request) => request.route === 'events.get' && request.eventId === 'cursed001', userRateLimitExceeded());
      const user = await api('GET', `${events('primary')}/cursed001`, tokens.access_token);
      expect(user.status).toBe(403);
      expect(await user.json()).toMatchObject({ error: { code: 403, errors: [{ domain: 'usageLimits', reason: 'userRateLimitExceeded' }] } });
      stop();
      expect((await api('GET', `${events('primary')}/cursed001`, tokens.access_token)).status).toBe(404);

      fake.failNext('token', invalidGrant());
      const refused = await refresh(tokens.refresh_token ?? '');
      expect(refused.status).toBe(400);
      expect(await refused.json()).toEqual({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
      expect((await refresh(tokens.refresh_token ?? '')).status).toBe(200);
    });

    it('waitFor resolves on a past or a later call, delayNext holds an answer back, and the wait times out clearly', async () => {
      const tokens = await signIn();
      await expect(fake.waitFor((c) => c.route === 'token')).resolves.toMatchObject({ status: 200, grantType: 'authorization_code' });
      const later = fake.waitFor((c) => c.route === 'freebusy', 2000);
      fake.delayNext('freebusy', 50);
      const started = Date.now();
      await freeBusy(tokens.access_token, ['primary']);
      expect(Date.now() - started).toBeGreaterThanOrEqual(45);
      await expect(later).resolves.toMatchObject({ route: 'freebusy', status: 200, account: 'practitioner@example.test' });
      await expect(fake.waitFor((c) => c.route === 'revoke', 20)).rejects.toThrow(/FakeGoogle: waited 20 ms/);
    });
  });

  it('speaks what googleapis and google-auth-library send and parse', async () => {
    // Under jest, gaxios cannot import node-fetch dynamically (no --experimental-vm-modules): give it Node's fetch.
    const auth = new google.auth.OAuth2({
      clientId: 'fake-client-id',
      clientSecret: 'fake-client-secret',
      redirectUri: REDIRECT_URI,
      endpoints: fake.endpoints,
      transporterOptions: { fetchImplementation: fetch },
    });
    const { codeVerifier, codeChallenge } = await auth.generateCodeVerifierAsync();
    const url = auth.generateAuthUrl({ access_type: 'offline', scope: CALENDAR_SCOPES, state: 'st-2', code_challenge: codeChallenge, code_challenge_method: CodeChallengeMethod.S256, prompt: 'consent' });
    const redirect = await fetch(url, { redirect: 'manual' });
    const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const { tokens } = await auth.getToken({ code, codeVerifier });
    expect(tokens).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String), expiry_date: expect.any(Number), token_type: 'Bearer' });
    auth.setCredentials(tokens);
    expect(await auth.getTokenInfo(tokens.access_token ?? '')).toMatchObject({ email: 'practitioner@example.test', scopes: CALENDAR_SCOPES });

    const calendar = google.calendar({ version: 'v3', auth, rootUrl: `${fake.baseUrl}/`, retry: false });
    const inserted = await calendar.events.insert({ calendarId: 'primary', requestBody: meeting('lib000001', '2030-01-07T10:00:00+01:00', '2030-01-07T11:00:00+01:00') });
    expect(inserted.data).toMatchObject({ id: 'lib000001', status: 'confirmed' });
    await expect(calendar.events.insert({ calendarId: 'primary', requestBody: meeting('lib000001', '2030-01-07T10:00:00Z', '2030-01-07T11:00:00Z') })).rejects.toMatchObject({ status: 409 });
    const busy = await calendar.freebusy.query({ requestBody: { timeMin: '2030-01-07T00:00:00Z', timeMax: '2030-01-08T00:00:00Z', items: [{ id: 'practitioner@example.test' }] } });
    expect(busy.data.calendars).toEqual({ 'practitioner@example.test': { busy: [{ start: '2030-01-07T09:00:00Z', end: '2030-01-07T10:00:00Z' }] } });

    // An access token dead before its expiry_date: without expiry_date (or with forceRefreshOnFailure) the library refreshes on the 401 and retries.
    fake.expireAccessTokens();
    auth.setCredentials({ access_token: tokens.access_token, refresh_token: tokens.refresh_token });
    const got = await calendar.events.get({ calendarId: 'primary', eventId: 'lib000001' });
    expect(got.data.id).toBe('lib000001');
    expect(fake.calls.map((c) => `${c.route} ${c.status}`).slice(-3)).toEqual(['events.get 401', 'token 200', 'events.get 200']);
    await auth.revokeToken(auth.credentials.refresh_token ?? '');
    expect(fake.grants()[0].revoked).toBe(true);
  });
});
