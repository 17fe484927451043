import { EventEmitter } from 'node:events';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { closeServer, DelayTimers, isObject, listen, readBody, waitForEvent } from '@sophie/fake-kit';
import { CalendarStore, FakeBusyInterval, FakeCalendarEvent } from './calendar-store';
import { Answer, FakeGoogleFailure, googleError, injectedAnswer } from './google-errors';
import { BODY_LIMIT, writeAnswer } from './http-io';
import { FakeConsent, FakeGoogleGrant, OAuthServer } from './oauth-server';
import { FakeGoogleRequest, FakeGoogleRoute, route, Routed } from './routes';

export type { FakeBusyInterval, FakeCalendarEvent, FakeEventTime } from './calendar-store';
export type { FakeGoogleFailure } from './google-errors';
export { internalError, invalidGrant, rateLimitExceeded, tooManyRequests, unavailable, userRateLimitExceeded } from './google-errors';
export type { FakeConsent, FakeGoogleGrant } from './oauth-server';
export type { FakeGoogleRequest, FakeGoogleRoute } from './routes';

/** What `FakeGoogle.start` accepts. */
export interface FakeGoogleOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** 127.0.0.1 unless told. */
  host?: string;
  /** The one OAuth client the fake knows; 'fake-client-id' unless told. */
  clientId?: string;
  /** Its secret; 'fake-client-secret' unless told. */
  clientSecret?: string;
  /** The `expires_in` of access tokens; 3599 unless told. */
  accessTokenLifetimeSeconds?: number;
  /** Sign in and consent at once (a 302 from `/o/oauth2/v2/auth`); false serves a small HTML consent page. True unless told. */
  autoConsent?: boolean;
}

/** A request the fake answered. */
export interface FakeGoogleCall {
  /** Position in the fake's history, from 1; never reused, even after `reset()`. */
  seq: number;
  /** 'unknown' for a path or method Google would not know (answered 404). */
  route: FakeGoogleRoute | 'unknown';
  method: string;
  path: string;
  /** The HTTP status the fake answered. */
  status: number;
  calendarId?: string;
  /** The event's id (for an insert, the id given or made). */
  eventId?: string;
  grantType?: string;
  account?: string;
  at: Date;
}

/** The OAuth2Client `endpoints` option pointing at the fake. */
export interface FakeGoogleEndpoints {
  oauth2AuthBaseUrl: string;
  oauth2TokenUrl: string;
  oauth2RevokeUrl: string;
  tokenInfoUrl: string;
}

/**
 * A stand-in for Google's OAuth 2.0 server (authorization code with PKCE, refresh, revoke, tokeninfo) and the parts of
 * Calendar v3 Sophie uses (freeBusy, events insert/get/update/patch/delete), on loopback, speaking Google's wire formats
 * and error bodies, with failure and delay injection. Used by the tests and, through `npm run fake:google`, by a local
 * installation whose GOOGLE_API_URL and GOOGLE_OAUTH_URL point at it.
 */
export class FakeGoogle {
  /** Every request answered, in order. */
  readonly calls: FakeGoogleCall[] = [];

  private readonly emitter = new EventEmitter();
  private readonly oauth: OAuthServer;
  private readonly calendars = new CalendarStore();
  private queued: Array<{ route: FakeGoogleRoute; remaining: number; failure: FakeGoogleFailure }> = [];
  private predicates: Array<{ when: (request: FakeGoogleRequest) => boolean; failure: FakeGoogleFailure }> = [];
  private delays: Array<{ route: FakeGoogleRoute; ms: number }> = [];
  private readonly timers = new DelayTimers();
  private lastSeq = 0;

  private constructor(
    private readonly server: Server,
    /** Where the fake listens, e.g. http://127.0.0.1:41234 (no trailing slash). */
    readonly baseUrl: string,
    readonly clientId: string,
    readonly clientSecret: string,
    readonly autoConsent: boolean,
    accessTokenLifetimeSeconds: number,
  ) {
    this.oauth = new OAuthServer({ clientId, clientSecret, accessTokenLifetimeSeconds });
    this.emitter.setMaxListeners(0);
  }

  /** Starts listening on 127.0.0.1 (or `host`); port 0 (the default) picks a free one. */
  static async start(options: FakeGoogleOptions = {}): Promise<FakeGoogle> {
    const server = createServer();
    const fake = new FakeGoogle(
      server,
      await listen(server, options),
      options.clientId ?? 'fake-client-id',
      options.clientSecret ?? 'fake-client-secret',
      options.autoConsent ?? true,
      options.accessTokenLifetimeSeconds ?? 3599,
    );
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      fake.handle(req, res).catch((error: unknown) => writeAnswer(res, googleError(500, 'backendError', error instanceof Error ? error.message : 'fake failure')));
    });
    return fake;
  }

  /** Closes the server and every open connection. */
  async stop(): Promise<void> {
    this.timers.clear();
    await closeServer(this.server);
  }

  /** The OAuth2Client `endpoints` option that sends google-auth-library here. */
  get endpoints(): FakeGoogleEndpoints {
    return {
      oauth2AuthBaseUrl: `${this.baseUrl}/o/oauth2/v2/auth`,
      oauth2TokenUrl: `${this.baseUrl}/token`,
      oauth2RevokeUrl: `${this.baseUrl}/revoke`,
      tokenInfoUrl: `${this.baseUrl}/tokeninfo`,
    };
  }

  /** Who signs in when no `nextConsent()` is pending; 'practitioner@example.test' unless set (and after `reset()`). */
  get defaultAccount(): string {
    return this.oauth.defaultAccount;
  }

  set defaultAccount(email: string) {
    this.oauth.defaultAccount = email;
  }

  /** How the next (automatic) consent goes: who signs in, which scopes are granted, or a denial. One-shot. */
  nextConsent(consent: FakeConsent): void {
    this.oauth.nextConsent(consent);
  }

  /** The user removes the app's access at Google: every grant of `email` is revoked (refresh: invalid_grant; calls: 401). */
  revokeGrant(email: string): void {
    this.oauth.revokeGrants(email);
  }

  /** Every access token issued so far expires now (calls answer 401 until the client refreshes). */
  expireAccessTokens(): void {
    this.oauth.expireAccessTokens();
  }

  /** The grants made by code exchanges, oldest first, revoked ones included. */
  grants(): FakeGoogleGrant[] {
    return this.oauth.grants();
  }

  /** Gives `email` a secondary calendar `calendarId` (its primary one, the e-mail itself, always exists). */
  addCalendar(email: string, calendarId: string): void {
    this.calendars.addCalendar(email, calendarId);
  }

  /** Busy time on a calendar (a primary one is named by its e-mail) beside its events, as freeBusy reports it. */
  addBusy(calendarId: string, interval: FakeBusyInterval): void {
    this.calendars.addBusy(calendarId, interval);
  }

  /** freeBusy reports `{ errors: [{ domain: 'global', reason }], busy: [] }` for this calendar. */
  setFreeBusyError(calendarId: string, reason = 'backendError'): void {
    this.calendars.setFreeBusyError(calendarId, reason);
  }

  /** The events of a calendar (a primary one is named by its e-mail), cancelled ones included; copies. */
  events(calendarId: string): FakeCalendarEvent[] {
    return this.calendars.events(calendarId);
  }

  /** The next `times` requests to `route` (that pass authentication, for Calendar routes) fail with `failure`. */
  failNext(route: FakeGoogleRoute, failure: FakeGoogleFailure, times = 1): void {
    this.queued.push({ route, remaining: times, failure });
  }

  /** Every request matching `when` fails with `failure` until `reset()` or the returned function is called. */
  failWhen(when: (request: FakeGoogleRequest) => boolean, failure: FakeGoogleFailure): () => void {
    const entry = { when, failure };
    this.predicates.push(entry);
    return () => {
      this.predicates = this.predicates.filter((p) => p !== entry);
    };
  }

  /** The next request to `route` is handled only after `ms` milliseconds. */
  delayNext(route: FakeGoogleRoute, ms: number): void {
    this.delays.push({ route, ms });
  }

  /** How many calls reached `route`, only those answered `status` when given ('ok': below 400). */
  count(route: FakeGoogleRoute | 'unknown', filter: { status?: number | 'ok' } = {}): number {
    return this.calls.filter((call) => call.route === route && statusMatches(call.status, filter.status)).length;
  }

  /** Resolves with the first call matching `predicate`, already answered or to come; rejects after `timeoutMs`. */
  waitFor(predicate: (call: FakeGoogleCall) => boolean, timeoutMs = 10000): Promise<FakeGoogleCall> {
    const past = this.calls.find(predicate);
    if (past) return Promise.resolve(past);
    return waitForEvent(
      this.emitter,
      'call',
      (call: FakeGoogleCall) => (predicate(call) ? call : undefined),
      timeoutMs,
      () => `FakeGoogle: waited ${timeoutMs} ms for a matching call; calls: ${this.calls.map(describe).join(', ') || 'none'}`,
    );
  }

  /** Calls `listener` with each call answered; returns the function that stops it. */
  onCall(listener: (call: FakeGoogleCall) => void): () => void {
    this.emitter.on('call', listener);
    return () => this.emitter.off('call', listener);
  }

  /** Forgets events, calendars, busy time, grants and tokens, injected failures and delays, and calls (sequences keep growing). */
  reset(): void {
    this.calls.length = 0;
    this.oauth.reset();
    this.calendars.reset();
    this.queued = [];
    this.predicates = [];
    this.delays = [];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bytes = await readBody(req, BODY_LIMIT);
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://fake');
    const routed = bytes === undefined ? undefined : route({ oauth: this.oauth, calendars: this.calendars, autoConsent: this.autoConsent }, method, url, req.headers, bytes.toString('utf8'));
    if (!routed) {
      const answer = bytes === undefined ? googleError(413, 'uploadTooLarge', 'Request Entity Too Large') : googleError(404, 'notFound');
      this.record({ route: 'unknown', method, path: url.pathname }, answer);
      return writeAnswer(res, answer);
    }
    await this.delayFor(routed.request.route);
    const answer = this.answer(routed);
    this.record(routed.request, answer.sent, answer.applied);
    writeAnswer(res, answer.sent);
  }

  /** What to send, and what the operation itself answered (when it ran). */
  private answer(routed: Routed): { sent: Answer; applied?: Answer } {
    if (routed.unauthenticated) return { sent: routed.run() };
    const failure = this.takeFailure(routed.request);
    if (failure && !failure.afterApplying) return { sent: injectedAnswer(routed.request.route, failure) };
    const applied = routed.run();
    return { sent: failure ? injectedAnswer(routed.request.route, failure) : applied, applied };
  }

  private takeFailure(request: FakeGoogleRequest): FakeGoogleFailure | undefined {
    const matched = this.predicates.find((p) => p.when(request));
    if (matched) return matched.failure;
    const next = this.queued.find((q) => q.route === request.route);
    if (!next) return undefined;
    next.remaining -= 1;
    if (next.remaining <= 0) this.queued = this.queued.filter((q) => q !== next);
    return next.failure;
  }

  private async delayFor(route: FakeGoogleRoute): Promise<void> {
    const delay = this.delays.find((d) => d.route === route);
    if (!delay) return;
    this.delays = this.delays.filter((d) => d !== delay);
    await this.timers.sleep(delay.ms);
  }

  private record(request: Omit<FakeGoogleRequest, 'route'> & { route: FakeGoogleCall['route'] }, sent: Answer, applied?: Answer): void {
    this.lastSeq += 1;
    const { body: _body, ...described } = request;
    const made = request.route === 'events.insert' && isObject(applied?.json) && typeof applied.json.id === 'string' ? applied.json.id : undefined;
    const call: FakeGoogleCall = { seq: this.lastSeq, ...described, eventId: request.eventId ?? made, status: sent.status, at: new Date() };
    this.calls.push(call);
    this.emitter.emit('call', call);
  }
}

function statusMatches(status: number, wanted: number | 'ok' | undefined): boolean {
  return wanted === undefined || (wanted === 'ok' ? status < 400 : status === wanted);
}

function describe(call: FakeGoogleCall): string {
  return `#${call.seq} ${call.route} ${call.status}`;
}
