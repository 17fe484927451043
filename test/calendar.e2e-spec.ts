import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { SecretBox } from '../libs/common/src';
import { internalError, rateLimitExceeded, tooManyRequests } from './fakes/google-fake';
import { linkStateKey, signLinkState } from '../libs/calendar/src/linking/link-state';
import { CalendarWorld, FAKE_CLIENT_ID, REDIRECT_URI, callback, consent, linkCalendar, startCalendarWorld } from './support/calendar';
import { dumpDatabaseText } from './support/dump';
import { dayAhead, localInstant } from './support/scheduling';
import { withAdmin } from './support/test-env';
import { eventually } from './support/whatsapp';

const ZONE = 'Europe/Paris';

interface Slot {
  start: string;
  practitioner_ids: string[];
}
interface Link {
  status: string;
  account_email: string | null;
  calendar_id: string | null;
  needs_reconnect_since: string | null;
  events_pending: number;
  last_sync_error: string | null;
}
interface StoredLink {
  access_token_sealed: string | null;
  refresh_token_sealed: string | null;
  token_expiry: Date | null;
  is_active: boolean;
}

describe('Google Calendar per practitioner', () => {
  let world: CalendarWorld;
  let patientCounter = 0;

  const at = (day: string, time: string): string => localInstant(day, time, ZONE);
  const localTimes = (slots: Slot[]): string[] => slots.map((s) => DateTime.fromISO(s.start, { zone: ZONE }).toFormat('HH:mm'));

  function slots(day: string, practitionerId?: string): Promise<Slot[]> {
    const who = practitionerId ? `&practitionerId=${practitionerId}` : '';
    return world.api.get<{ slots: Slot[] }>(`${world.base}/slots?treatmentId=${world.treatmentId}${who}&from=${day}&to=${day}`, world.token).then((res) => {
      if (res.status !== 200) throw new Error(`slots: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.slots;
    });
  }

  async function patient(): Promise<string> {
    patientCounter += 1;
    const res = await world.api.post<{ id: string }>(`${world.base}/patients`, { first_name: 'Camille', last_name: 'Agenda', phone: `+3361500${String(patientCounter).padStart(4, '0')}` }, world.token);
    return res.body.id;
  }

  async function book(practitionerId: string, day: string, time: string): Promise<{ status: number; body: { id: string; code?: string } }> {
    return world.api.post<{ id: string; code?: string }>(`${world.base}/appointments`, { patient_id: await patient(), treatment_id: world.treatmentId, practitioner_id: practitionerId, start: at(day, time) }, world.token);
  }

  const link = (practitionerId: string): Promise<Link> => world.api.get<Link>(`${world.base}/practitioners/${practitionerId}/calendar`, world.token).then((res) => res.body);
  const stored = (practitionerId: string): Promise<StoredLink> =>
    withAdmin(world.clinicDb, async (c) => (await c.query<StoredLink>('SELECT * FROM practitioner_calendar_integrations WHERE practitioner_id = $1', [practitionerId])).rows[0]);
  const open = (sealed: string | null): string | null => (sealed === null ? null : new SecretBox(world.api.config.secretsKey).decrypt(sealed));
  const eventOf = (email: string, appointmentId: string) => world.google.events(email).find((e) => e.id === appointmentId.replace(/-/g, ''));
  const okCalls = (route: 'events.insert' | 'events.update' | 'events.delete', eventId: string): number =>
    world.google.calls.filter((c) => c.route === route && c.eventId === eventId && c.status >= 200 && c.status < 300).length;
  const settled = (appointmentId: string): Promise<unknown> =>
    eventually(async () => {
      const jobs = await world.registry<{ state: string }>(`SELECT state FROM pgboss.job WHERE name = 'calendar.sync' AND data->>'appointmentId' = $1`, [appointmentId]);
      return jobs.length > 0 && jobs.every((j) => j.state === 'completed') ? true : undefined;
    }, 'the calendar jobs of the appointment to finish');

  /** Waits until the appointment's job failed and waits for its retry (backing off). */
  const waitingForRetry = (appointmentId: string): Promise<unknown> =>
    eventually(async () => {
      const waiting = await world.registry<{ id: string }>(`SELECT id FROM pgboss.job WHERE name = 'calendar.sync' AND state = 'retry' AND data->>'appointmentId' = $1`, [appointmentId]);
      return waiting.length > 0 ? true : undefined;
    }, 'the calendar job to wait for its retry');

  /** Once the appointment's job waits for its retry, makes that retry due now (time travel for the queue). */
  async function retryNow(appointmentId: string): Promise<void> {
    await waitingForRetry(appointmentId);
    await world.retryNow();
  }

  beforeAll(async () => {
    world = await startCalendarWorld();
  });

  afterAll(async () => {
    await world?.stop();
  });

  describe('linking', () => {
    it('sends the practitioner to Google with offline access, consent, PKCE S256 and only the scopes it needs', async () => {
      const practitionerId = await world.practitioner('Url');
      const { authorizationUrl } = await consent(world, practitionerId);
      const url = new URL(authorizationUrl);
      expect(`${url.origin}${url.pathname}`).toBe(`${world.google.baseUrl}/o/oauth2/v2/auth`);
      const q = url.searchParams;
      expect(q.get('client_id')).toBe(FAKE_CLIENT_ID);
      expect(q.get('redirect_uri')).toBe(REDIRECT_URI);
      expect(q.get('access_type')).toBe('offline');
      expect(q.get('prompt')).toBe('consent');
      expect(q.get('code_challenge_method')).toBe('S256');
      expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(q.get('scope')?.split(' ').sort()).toEqual(['email', 'https://www.googleapis.com/auth/calendar.events.owned', 'https://www.googleapis.com/auth/calendar.freebusy', 'openid']);
      expect(q.get('state')?.length).toBeGreaterThan(60);
    });

    it('links end to end: the callback stores the tokens sealed with the account, and returns to the practitioner page', async () => {
      const practitionerId = await world.practitioner('Linked');
      expect((await link(practitionerId)).status).toBe('not_connected');
      const { query } = await consent(world, practitionerId, { email: 'dr.linked@example.test' });
      const answer = await callback(world.api, query);
      expect(answer.status).toBe(302);
      expect(answer.location).toBe(`/admin/clinics/${world.clinicId}/practitioners/${practitionerId}?calendar=connected`);
      expect(await link(practitionerId)).toMatchObject({ status: 'connected', account_email: 'dr.linked@example.test', calendar_id: 'primary', needs_reconnect_since: null });

      const grant = world.google.grants().find((g) => g.email === 'dr.linked@example.test');
      const row = await stored(practitionerId);
      expect(row.is_active).toBe(true);
      expect(open(row.refresh_token_sealed)).toBe(grant?.refreshToken);
      expect(row.refresh_token_sealed).not.toContain(grant?.refreshToken ?? '-');

      const audit = await world.api.get<{ items: Array<{ action: string }> }>(`${world.base}/audit?target_id=${practitionerId}`, world.token);
      expect(audit.body.items.map((e) => e.action)).toEqual(expect.arrayContaining(['practitioner.calendar_link_started', 'practitioner.calendar_linked']));
    });

    it('refuses a tampered, a replayed, an expired and a foreign state, and stores nothing', async () => {
      const practitionerId = await world.practitioner('States');
      const { query } = await consent(world, practitionerId);
      const params = new URLSearchParams(query);
      const state = params.get('state') ?? '';

      const tampered = new URLSearchParams(params);
      tampered.set('state', `${state.slice(0, 10)}${state[10] === 'A' ? 'B' : 'A'}${state.slice(11)}`);
      expect(await callback(world.api, `?${tampered.toString()}`)).toMatchObject({ status: 400, body: { code: 'OAUTH_STATE_INVALID' } });

      const claims = { clinicId: world.clinicId, practitionerId, userId: '00000000-0000-4000-8000-000000000000', nonce: 'n', expiresAt: Math.floor(Date.now() / 1000) + 600 };
      const foreign = new URLSearchParams(params);
      foreign.set('state', signLinkState(claims, randomBytes(32)));
      expect(await callback(world.api, `?${foreign.toString()}`)).toMatchObject({ status: 400, body: { code: 'OAUTH_STATE_INVALID' } });

      const expired = new URLSearchParams(params);
      expired.set('state', signLinkState({ ...claims, expiresAt: Math.floor(Date.now() / 1000) - 1 }, linkStateKey(world.api.config.secretsKey)));
      expect(await callback(world.api, `?${expired.toString()}`)).toMatchObject({ status: 400, body: { code: 'OAUTH_STATE_EXPIRED' } });

      expect(await callback(world.api, '?code=abc')).toMatchObject({ status: 400, body: { code: 'OAUTH_STATE_INVALID' } });
      expect((await link(practitionerId)).status).toBe('not_connected');

      expect((await callback(world.api, query)).location).toMatch(/calendar=connected$/);
      expect(await callback(world.api, query)).toMatchObject({ status: 400, body: { code: 'OAUTH_STATE_USED' } });
    });

    it("refuses a state whose admin was disabled since, and reports a refused or narrowed consent on the practitioner's page", async () => {
      const practitionerId = await world.practitioner('Consent');
      const admin = await world.api.createClinicAdmin(world.superToken, world.clinicId);
      const connect = await world.api.post<{ authorization_url: string }>(`${world.base}/practitioners/${practitionerId}/calendar/connect`, {}, admin.token);
      const redirected = await fetch(connect.body.authorization_url, { redirect: 'manual' });
      await world.api.request('PATCH', `/api/superadmin/clinics/${world.clinicId}/users/${admin.id}`, { token: world.superToken, body: { disabled: true } });
      expect(await callback(world.api, new URL(redirected.headers.get('location') ?? '').search)).toMatchObject({ status: 403, body: { code: 'OAUTH_LINK_FORBIDDEN' } });

      const denied = await consent(world, practitionerId, { deny: true });
      expect((await callback(world.api, denied.query)).location).toMatch(/calendar=denied$/);

      const narrowed = await consent(world, practitionerId, { grantScopes: ['openid', 'email', 'https://www.googleapis.com/auth/calendar.freebusy'] });
      expect((await callback(world.api, narrowed.query)).location).toMatch(/calendar=missing_scopes$/);
      expect((await link(practitionerId)).status).toBe('not_connected');
      const narrowedGrants = world.google.grants().filter((g) => g.scopes.length === 3);
      expect(narrowedGrants.length).toBeGreaterThan(0);
      expect(narrowedGrants.every((g) => g.revoked)).toBe(true);
    });

    it('unlinks: revokes the grant at Google and forgets the tokens', async () => {
      const practitionerId = await world.practitioner('Unlink');
      const email = await linkCalendar(world, practitionerId);
      const res = await world.api.request<Link & { revoked_at_google: boolean }>('DELETE', `${world.base}/practitioners/${practitionerId}/calendar`, { token: world.token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'not_connected', revoked_at_google: true });
      const grants = world.google.grants().filter((g) => g.email === email);
      expect(grants.length).toBeGreaterThan(0);
      expect(grants.every((g) => g.revoked)).toBe(true);
      expect(await stored(practitionerId)).toBeUndefined();
      expect((await world.api.request('DELETE', `${world.base}/practitioners/${practitionerId}/calendar`, { token: world.token })).status).toBe(404);
    });
  });

  describe('tokens', () => {
    it('refreshes an expired access token by itself, stores the new one sealed and keeps the refresh token', async () => {
      const practitionerId = await world.practitioner('Refresh');
      const email = await linkCalendar(world, practitionerId);
      const before = await stored(practitionerId);
      await withAdmin(world.clinicDb, (c) => c.query(`UPDATE practitioner_calendar_integrations SET token_expiry = now() - interval '1 minute' WHERE practitioner_id = $1`, [practitionerId]));
      const refreshes = world.google.count('token', {});

      expect((await slots(dayAhead(3, ZONE), practitionerId)).length).toBeGreaterThan(0);
      const after = await stored(practitionerId);
      expect(world.google.count('token', {})).toBe(refreshes + 1);
      expect(world.google.calls.filter((c) => c.route === 'token' && c.grantType === 'refresh_token' && c.account === email)).toHaveLength(1);
      expect(open(after.access_token_sealed)).not.toBe(open(before.access_token_sealed));
      expect(open(after.refresh_token_sealed)).toBe(open(before.refresh_token_sealed));
      expect(after.token_expiry?.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
    });

    it('flags a revoked grant as needing reconnection, offers no slots for that practitioner, and stops asking Google', async () => {
      const practitionerId = await world.practitioner('Revoked');
      const email = await linkCalendar(world, practitionerId);
      world.google.revokeGrant(email);

      expect(await slots(dayAhead(3, ZONE), practitionerId)).toEqual([]);
      const flagged = await link(practitionerId);
      expect(flagged.status).toBe('needs_reconnect');
      expect(flagged.needs_reconnect_since).not.toBeNull();
      const row = await stored(practitionerId);
      expect(row).toMatchObject({ is_active: false, access_token_sealed: null, refresh_token_sealed: null });

      const calls = world.google.calls.length;
      expect(await slots(dayAhead(4, ZONE), practitionerId)).toEqual([]);
      expect(world.google.calls.length).toBe(calls);

      await linkCalendar(world, practitionerId, email);
      expect((await link(practitionerId)).status).toBe('connected');
      expect((await slots(dayAhead(4, ZONE), practitionerId)).length).toBeGreaterThan(0);
    });

    it("never blames a practitioner's link for a refused OAuth client (a wrong or rotated client secret)", async () => {
      const practitionerId = await world.practitioner('ClientSecret');
      await linkCalendar(world, practitionerId);
      await withAdmin(world.clinicDb, (c) => c.query(`UPDATE practitioner_calendar_integrations SET token_expiry = now() - interval '1 minute' WHERE practitioner_id = $1`, [practitionerId]));
      world.google.failNext('token', { status: 401, reason: 'invalid_client', message: 'The OAuth client was not found.' });
      expect(await slots(dayAhead(3, ZONE), practitionerId)).toEqual([]);
      expect((await link(practitionerId)).status).toBe('connected');
      expect((await stored(practitionerId)).refresh_token_sealed).not.toBeNull();
      expect((await slots(dayAhead(3, ZONE), practitionerId)).length).toBeGreaterThan(0);
    });

    it('keeps no token readable in a dump of the clinic database', async () => {
      const practitionerId = await world.practitioner('Dump');
      const email = await linkCalendar(world, practitionerId);
      const grant = world.google.grants().find((g) => g.email === email);
      const row = await stored(practitionerId);
      const dump = await dumpDatabaseText(world.clinicDb);
      expect(dump).toContain(email);
      expect(dump).not.toContain(grant?.refreshToken ?? '-');
      expect(dump).not.toContain(open(row.access_token_sealed) ?? '-');
    });
  });

  describe('busy times', () => {
    it("removes the practitioner's Google busy times from the slots, and only theirs", async () => {
      const busyDoctor = await world.practitioner('Busy');
      const freeDoctor = await world.practitioner('Free');
      const email = await linkCalendar(world, busyDoctor);
      const day = dayAhead(5, ZONE);
      world.google.addBusy(email, { start: at(day, '10:00'), end: at(day, '11:00') });

      const own = localTimes(await slots(day, busyDoctor));
      expect(own).toEqual(expect.arrayContaining(['09:00', '11:00', '14:00']));
      expect(own).not.toEqual(expect.arrayContaining(['10:00']));
      expect(own.filter((t) => t >= '09:40' && t < '11:00')).toEqual([]);
      expect(localTimes(await slots(day, freeDoctor))).toContain('10:00');
    });

    it('offers no slots for a calendar Google cannot read (an error, or a calendar error inside a 200)', async () => {
      const doctor = await world.practitioner('Unreadable');
      const other = await world.practitioner('Readable');
      const email = await linkCalendar(world, doctor);
      const day = dayAhead(6, ZONE);

      world.google.failNext('freebusy', internalError());
      expect(await slots(day, doctor)).toEqual([]);

      world.google.setFreeBusyError(email, 'notFound');
      expect(await slots(day, doctor)).toEqual([]);
      const anyone = await slots(day);
      expect(anyone.length).toBeGreaterThan(0);
      expect(anyone.every((s) => !s.practitioner_ids.includes(doctor) && s.practitioner_ids.includes(other))).toBe(true);
    });

    it('answers a clear 503 rather than "taken" when the practitioner\'s calendar cannot be read at booking time', async () => {
      const doctor = await world.practitioner('Outage');
      const email = await linkCalendar(world, doctor);
      world.google.setFreeBusyError(email, 'backendError');
      const res = await book(doctor, dayAhead(7, ZONE), '10:00');
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('CALENDAR_UNREADABLE');
    });

    it('re-checks Google just before confirming a booking, past the short cache', async () => {
      const doctor = await world.practitioner('Recheck');
      const email = await linkCalendar(world, doctor);
      const day = dayAhead(7, ZONE);
      expect(localTimes(await slots(day, doctor))).toContain('15:00');
      world.google.addBusy(email, { start: at(day, '15:00'), end: at(day, '16:00') });
      expect(localTimes(await slots(day, doctor))).toContain('15:00'); // still cached

      const res = await book(doctor, day, '15:00');
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('SLOT_TAKEN');
    });
  });

  describe('events', () => {
    it('writes one event per appointment: one insert, one update, one delete, even when the first insert answers 500 and a write is rate-limited', async () => {
      const doctor = await world.practitioner('Events');
      const email = await linkCalendar(world, doctor);
      const day = dayAhead(8, ZONE);

      world.google.failNext('events.insert', internalError());
      const booked = await book(doctor, day, '09:00');
      expect(booked.status).toBe(201);
      const id = booked.body.id;
      const eventId = id.replace(/-/g, '');
      await world.google.waitFor((c) => c.route === 'events.insert' && c.eventId === eventId && c.status === 500);
      await waitingForRetry(id);
      expect((await link(doctor)).events_pending).toBe(1);
      expect((await link(doctor)).last_sync_error).toBe('backendError');
      await world.retryNow();
      await settled(id);
      expect(eventOf(email, id)).toMatchObject({ status: 'confirmed', summary: expect.stringContaining('Détartrage') });
      expect(eventOf(email, id)?.start.dateTime && new Date(eventOf(email, id)?.start.dateTime ?? '').toISOString()).toBe(new Date(at(day, '09:00')).toISOString());

      world.google.failNext('events.update', rateLimitExceeded());
      expect((await world.api.post(`${world.base}/appointments/${id}/reschedule`, { start: at(day, '11:00') }, world.token)).status).toBe(200);
      await world.google.waitFor((c) => c.route === 'events.update' && c.eventId === eventId && c.status === 403);
      await retryNow(id);
      await settled(id);
      expect(new Date(eventOf(email, id)?.start.dateTime ?? '').toISOString()).toBe(new Date(at(day, '11:00')).toISOString());

      world.google.failNext('events.delete', tooManyRequests());
      expect((await world.api.post(`${world.base}/appointments/${id}/cancel`, { reason: 'Patient away' }, world.token)).status).toBe(200);
      await world.google.waitFor((c) => c.route === 'events.delete' && c.eventId === eventId && c.status === 429);
      await retryNow(id);
      await settled(id);
      expect(eventOf(email, id)?.status).toBe('cancelled');

      expect({ inserts: okCalls('events.insert', eventId), updates: okCalls('events.update', eventId), deletes: okCalls('events.delete', eventId) }).toEqual({ inserts: 1, updates: 1, deletes: 1 });
      expect(world.google.events(email).filter((e) => e.id === eventId)).toHaveLength(1);
      expect((await link(doctor)).events_pending).toBe(0);
    });

    it('does not make a second event when an insert reached Google but its answer was lost', async () => {
      const doctor = await world.practitioner('Lost');
      const email = await linkCalendar(world, doctor);
      world.google.failNext('events.insert', { ...internalError(), afterApplying: true });
      const booked = await book(doctor, dayAhead(9, ZONE), '09:00');
      const eventId = booked.body.id.replace(/-/g, '');
      await world.google.waitFor((c) => c.route === 'events.insert' && c.eventId === eventId && c.status === 500);
      await retryNow(booked.body.id);
      await settled(booked.body.id);
      expect(world.google.events(email).filter((e) => e.id === eventId)).toHaveLength(1);
      expect(world.google.calls.filter((c) => c.eventId === eventId).map((c) => `${c.route} ${c.status}`)).toEqual(['events.insert 500', 'events.insert 409', 'events.get 200']);
    });

    it("puts the practitioner's upcoming appointments in their calendar when they link it, and moves an event with its appointment", async () => {
      const first = await world.practitioner('Before');
      const second = await world.practitioner('After');
      const day = dayAhead(10, ZONE);
      const booked = await book(first, day, '14:00');
      const firstEmail = await linkCalendar(world, first);
      await eventually(() => eventOf(firstEmail, booked.body.id), 'the earlier appointment to reach the new calendar');

      const secondEmail = await linkCalendar(world, second);
      expect((await world.api.post(`${world.base}/appointments/${booked.body.id}/reschedule`, { start: at(day, '15:00'), practitioner_id: second }, world.token)).status).toBe(200);
      await settled(booked.body.id);
      expect(eventOf(firstEmail, booked.body.id)?.status).toBe('cancelled');
      expect(eventOf(secondEmail, booked.body.id)).toMatchObject({ status: 'confirmed' });
    });

    it('deletes the event of an appointment cancelled while the link needed reconnecting, once it is linked again', async () => {
      const doctor = await world.practitioner('Relinked');
      const email = await linkCalendar(world, doctor);
      const booked = await book(doctor, dayAhead(12, ZONE), '09:00');
      await settled(booked.body.id);
      world.google.revokeGrant(email);
      expect((await world.api.post(`${world.base}/appointments/${booked.body.id}/cancel`, {}, world.token)).status).toBe(200);
      await settled(booked.body.id);
      expect((await link(doctor)).status).toBe('needs_reconnect');
      expect(eventOf(email, booked.body.id)?.status).toBe('confirmed');
      expect((await link(doctor)).events_pending).toBe(1);

      await linkCalendar(world, doctor, email);
      await eventually(() => (eventOf(email, booked.body.id)?.status === 'cancelled' ? true : undefined), 'the event to be deleted after relinking');
      await eventually(async () => ((await link(doctor)).events_pending === 0 ? true : undefined), 'nothing pending');
    });

    it("lets an appointment move over its own time though Google shows it busy", async () => {
      const doctor = await world.practitioner('Overlap');
      const email = await linkCalendar(world, doctor);
      const day = dayAhead(11, ZONE);
      const booked = await book(doctor, day, '09:00');
      await settled(booked.body.id);
      expect(eventOf(email, booked.body.id)).toBeDefined();
      const moved = await world.api.post<{ start: string }>(`${world.base}/appointments/${booked.body.id}/reschedule`, { start: at(day, '09:15') }, world.token);
      expect(moved.status).toBe(200);
    });
  });
});
