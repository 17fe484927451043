import type { IncomingHttpHeaders } from 'node:http';
import { parseObject } from '@sophie/fake-kit';
import type { CalendarStore } from './calendar-store';
import { CONSENT_PATH, consentChoice, consentPage } from './consent-page';
import { Answer, unauthenticated } from './google-errors';
import { parseForm } from './http-io';
import type { LiveToken, OAuthServer } from './oauth-server';

/** Which Google endpoint a request reached. */
export type FakeGoogleRoute =
  | 'auth'
  | 'token'
  | 'revoke'
  | 'tokeninfo'
  | 'freebusy'
  | 'events.insert'
  | 'events.get'
  | 'events.update'
  | 'events.patch'
  | 'events.delete';

/** A request as `failWhen` predicates see it, before it is answered. */
export interface FakeGoogleRequest {
  route: FakeGoogleRoute;
  method: string;
  /** The URL path, without the query. */
  path: string;
  /** The calendar id as the URL names it (decoded; e.g. 'primary'). */
  calendarId?: string;
  eventId?: string;
  /** The token route's grant_type. */
  grantType?: string;
  /** The Google account behind the token, code or consent, when known. */
  account?: string;
  /** The parsed JSON body, or the form's fields. */
  body?: Record<string, unknown>;
}

/** A routed request: what it is, and how to perform it. */
export interface Routed {
  request: FakeGoogleRequest;
  /** A Calendar call without a live access token: answered 401 before anything else. */
  unauthenticated?: boolean;
  run: () => Answer;
}

/** What the routes work on. */
export interface RouteContext {
  oauth: OAuthServer;
  calendars: CalendarStore;
  autoConsent: boolean;
}

const EVENTS_PATH = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/]+))?\/?$/;
const EVENT_ROUTES: Record<string, FakeGoogleRoute> = { GET: 'events.get', PUT: 'events.update', PATCH: 'events.patch', DELETE: 'events.delete' };

/** The route of a request, or undefined for a path or method Google would not know. */
export function route(ctx: RouteContext, method: string, url: URL, headers: IncomingHttpHeaders, text: string): Routed | undefined {
  const path = url.pathname;
  const base = { method, path };
  if (path === '/o/oauth2/v2/auth' && method === 'GET') return authorization(ctx, base, url.searchParams);
  if (path === CONSENT_PATH && method === 'POST') {
    const { params, consent } = consentChoice(parseForm(text, headers['content-type']));
    return { request: { ...base, route: 'auth', account: consent.email ?? ctx.oauth.defaultAccount }, run: () => ctx.oauth.authorize(params, consent) };
  }
  if (path.startsWith('/calendar/v3/')) return calendar(ctx, base, headers.authorization, text);
  const form = parseForm(text, headers['content-type']);
  const body = Object.fromEntries(form);
  if (path === '/token' && method === 'POST') {
    const account = ctx.oauth.accountOf(form.get('code') ?? form.get('refresh_token'));
    const grantType = form.get('grant_type') ?? undefined;
    return { request: { ...base, route: 'token', grantType, account, body }, run: () => ctx.oauth.token(form, headers.authorization) };
  }
  if (path === '/revoke' && (method === 'POST' || method === 'GET')) {
    const token = url.searchParams.get('token') ?? form.get('token');
    return { request: { ...base, route: 'revoke', account: ctx.oauth.accountOf(token), body }, run: () => ctx.oauth.revoke(token) };
  }
  if (path === '/tokeninfo' && (method === 'GET' || method === 'POST')) {
    const token = url.searchParams.get('access_token') ?? form.get('access_token') ?? bearerOf(headers.authorization);
    return { request: { ...base, route: 'tokeninfo', account: ctx.oauth.accountOf(token), body }, run: () => ctx.oauth.tokenInfo(token) };
  }
  return undefined;
}

function authorization(ctx: RouteContext, base: { method: string; path: string }, params: URLSearchParams): Routed {
  const pending = ctx.oauth.peekConsent();
  const account = ctx.autoConsent ? (pending.email ?? ctx.oauth.defaultAccount) : undefined;
  const run = (): Answer => {
    const problem = ctx.oauth.checkAuthorization(params);
    if (problem) return { status: 400, text: `${problem}\n` };
    if (ctx.autoConsent) return ctx.oauth.authorize(params, ctx.oauth.takeConsent());
    return { status: 200, html: consentPage(params, ctx.oauth.defaultAccount) };
  };
  return { request: { ...base, route: 'auth', account }, run };
}

function calendar(ctx: RouteContext, base: { method: string; path: string }, authorization: string | undefined, text: string): Routed | undefined {
  const bearer = bearerOf(authorization);
  const caller = ctx.oauth.liveToken(bearer);
  const body = parseObject(text);
  const common = { ...base, account: ctx.oauth.accountOf(bearer), body };
  const routed = (request: FakeGoogleRequest, run: (caller: LiveToken) => Answer): Routed => ({
    request,
    unauthenticated: !caller,
    run: () => (caller ? run(caller) : unauthenticated()),
  });
  if (base.path === '/calendar/v3/freeBusy' && base.method === 'POST') {
    return routed({ ...common, route: 'freebusy' }, (c) => ctx.calendars.freeBusy(c, body));
  }
  const match = EVENTS_PATH.exec(base.path);
  const calendarId = decode(match?.[1]);
  const eventId = decode(match?.[2]);
  if (!match || calendarId === undefined) return undefined;
  if (match[2] === undefined) {
    if (base.method !== 'POST') return undefined;
    const asked = typeof body?.id === 'string' ? body.id : undefined;
    return routed({ ...common, route: 'events.insert', calendarId, eventId: asked }, (c) => ctx.calendars.insert(c, calendarId, body));
  }
  const eventRoute = EVENT_ROUTES[base.method];
  if (!eventRoute || eventId === undefined) return undefined;
  const request: FakeGoogleRequest = { ...common, route: eventRoute, calendarId, eventId };
  if (eventRoute === 'events.get') return routed(request, (c) => ctx.calendars.get(c, calendarId, eventId));
  if (eventRoute === 'events.delete') return routed(request, (c) => ctx.calendars.remove(c, calendarId, eventId));
  return routed(request, (c) => ctx.calendars.update(c, calendarId, eventId, body, eventRoute === 'events.patch'));
}

function bearerOf(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
}

function decode(segment: string | undefined): string | undefined {
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
