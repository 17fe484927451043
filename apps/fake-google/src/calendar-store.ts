import { randomBytes } from 'node:crypto';
import { isObject } from '@sophie/fake-kit';
import { Answer, googleError, insufficientScopes } from './google-errors';
import type { LiveToken } from './oauth-server';

/** An event's start or end, as Google writes it. */
export interface FakeEventTime {
  dateTime?: string;
  /** All-day events (yyyy-mm-dd), read as UTC days. */
  date?: string;
  timeZone?: string;
}

/** An event as the fake stores and answers it: the client's body plus Google's own fields. */
export interface FakeCalendarEvent {
  kind: 'calendar#event';
  id: string;
  status: 'confirmed' | 'tentative' | 'cancelled';
  etag: string;
  htmlLink: string;
  created: string;
  updated: string;
  iCalUID: string;
  start: FakeEventTime;
  end: FakeEventTime;
  summary?: string;
  description?: string;
  transparency?: 'opaque' | 'transparent';
  [field: string]: unknown;
}

/** A busy interval added with `addBusy`. */
export interface FakeBusyInterval {
  start: Date | string;
  end: Date | string;
}

interface Calendar {
  events: Map<string, FakeCalendarEvent>;
  busy: Array<{ start: number; end: number }>;
}

const SCOPE = 'https://www.googleapis.com/auth/';
const EVENT_SCOPES = ['calendar', 'calendar.events', 'calendar.events.owned'].map((s) => SCOPE + s);
const FREEBUSY_SCOPES = ['calendar', 'calendar.readonly', 'calendar.freebusy', 'calendar.events.freebusy'].map((s) => SCOPE + s);
const EVENT_ID = /^[a-v0-9]{5,1024}$/;
const STATUSES = new Set(['confirmed', 'tentative', 'cancelled']);
/** Fields the client cannot overwrite on update. */
const KEPT = ['kind', 'id', 'created', 'iCalUID', 'htmlLink'] as const;

/** Calendars, their events and extra busy time, with Calendar v3's events and freeBusy semantics. */
export class CalendarStore {
  private readonly calendars = new Map<string, Calendar>();
  private readonly owners = new Map<string, string>();
  private readonly freeBusyErrors = new Map<string, string>();
  private etagCounter = 0;

  addCalendar(email: string, calendarId: string): void {
    this.owners.set(calendarId, email);
  }

  addBusy(calendarId: string, interval: FakeBusyInterval): void {
    const start = new Date(interval.start).getTime();
    const end = new Date(interval.end).getTime();
    if (!(start < end)) throw new Error(`FakeGoogle.addBusy: empty or invalid interval ${String(interval.start)} – ${String(interval.end)}`);
    this.calendar(calendarId).busy.push({ start, end });
  }

  setFreeBusyError(calendarId: string, reason: string): void {
    this.freeBusyErrors.set(calendarId, reason);
  }

  events(calendarId: string): FakeCalendarEvent[] {
    return [...(this.calendars.get(calendarId)?.events.values() ?? [])].map((event) => structuredClone(event));
  }

  reset(): void {
    this.calendars.clear();
    this.owners.clear();
    this.freeBusyErrors.clear();
  }

  /** The calendar id `requested` names for `account` ('primary' is its e-mail), or undefined if it is not the account's. */
  resolve(account: string, requested: string): string | undefined {
    const id = requested === 'primary' ? account : requested;
    return (this.owners.get(id) ?? id) === account ? id : undefined;
  }

  /** `POST /calendar/v3/freeBusy`. */
  freeBusy(caller: LiveToken, body: Record<string, unknown> | undefined): Answer {
    if (!hasScope(caller, FREEBUSY_SCOPES)) return insufficientScopes();
    if (!body) return googleError(400, 'parseError', 'Parse Error');
    const from = instant(body.timeMin);
    const to = instant(body.timeMax);
    if (from === undefined || to === undefined || to <= from) return googleError(400, 'timeRangeEmpty');
    const calendars: Record<string, unknown> = {};
    for (const item of Array.isArray(body.items) ? body.items : []) {
      const asked = isObject(item) && typeof item.id === 'string' ? item.id : '';
      calendars[asked] = this.freeBusyOf(caller.email, asked, from, to);
    }
    return { status: 200, json: { kind: 'calendar#freeBusy', timeMin: new Date(from).toISOString(), timeMax: new Date(to).toISOString(), calendars } };
  }

  /** `POST .../events`. */
  insert(caller: LiveToken, calendarId: string, body: Record<string, unknown> | undefined): Answer {
    const resolved = this.eventsAccess(caller, calendarId);
    if (typeof resolved !== 'string') return resolved;
    if (!body) return googleError(400, 'parseError', 'Parse Error');
    const id = body.id ?? randomId();
    if (typeof id !== 'string' || !EVENT_ID.test(id)) return googleError(400, 'invalid', 'Invalid resource id value.');
    const calendar = this.calendar(resolved);
    if (calendar.events.has(id)) return googleError(409, 'duplicate');
    const invalid = timesProblem(body);
    if (invalid) return invalid;
    const now = new Date().toISOString();
    const stored: Record<string, unknown> = {
      creator: { email: caller.email, self: true },
      organizer: { email: resolved, self: true },
      sequence: 0,
      reminders: { useDefault: true },
      eventType: 'default',
      ...structuredClone(body),
      kind: 'calendar#event',
      id,
      status: statusOf(body.status) ?? 'confirmed',
      etag: this.etag(),
      htmlLink: `https://www.google.com/calendar/event?eid=${Buffer.from(`${id} ${resolved}`).toString('base64url')}`,
      created: now,
      updated: now,
      iCalUID: `${id}@google.com`,
    };
    const event = stored as FakeCalendarEvent;
    calendar.events.set(id, event);
    return { status: 200, json: event };
  }

  /** `GET .../events/:eventId`: cancelled events too, as Google does. */
  get(caller: LiveToken, calendarId: string, eventId: string): Answer {
    const found = this.findEvent(caller, calendarId, eventId);
    return isEvent(found) ? { status: 200, json: found } : found;
  }

  /** `PUT` (replace) or `PATCH` (merge) `.../events/:eventId`. */
  update(caller: LiveToken, calendarId: string, eventId: string, body: Record<string, unknown> | undefined, merge: boolean): Answer {
    const found = this.findEvent(caller, calendarId, eventId);
    if (!isEvent(found)) return found;
    if (!body) return googleError(400, 'parseError', 'Parse Error');
    const next: Record<string, unknown> = merge ? deepMerge(found, structuredClone(body)) : { creator: found.creator, organizer: found.organizer, sequence: found.sequence, ...structuredClone(body) };
    const invalid = timesProblem(next);
    if (invalid) return invalid;
    for (const field of KEPT) next[field] = found[field];
    next.status = statusOf(body.status) ?? found.status;
    next.etag = this.etag();
    next.updated = new Date().toISOString();
    const event = next as FakeCalendarEvent;
    this.calendars.get(this.resolve(caller.email, calendarId) ?? '')?.events.set(eventId, event);
    return { status: 200, json: event };
  }

  /** `DELETE .../events/:eventId`: the event stays, cancelled; a second delete is a 410. */
  remove(caller: LiveToken, calendarId: string, eventId: string): Answer {
    const found = this.findEvent(caller, calendarId, eventId);
    if (!isEvent(found)) return found;
    if (found.status === 'cancelled') return googleError(410, 'deleted');
    found.status = 'cancelled';
    found.etag = this.etag();
    found.updated = new Date().toISOString();
    return { status: 204 };
  }

  /** The resolved calendar id, or the error answer: scopes first, then ownership. */
  private eventsAccess(caller: LiveToken, calendarId: string): string | Answer {
    if (!hasScope(caller, EVENT_SCOPES)) return insufficientScopes();
    return this.resolve(caller.email, calendarId) ?? googleError(404, 'notFound');
  }

  private findEvent(caller: LiveToken, calendarId: string, eventId: string): FakeCalendarEvent | Answer {
    const id = this.eventsAccess(caller, calendarId);
    if (typeof id !== 'string') return id;
    return this.calendars.get(id)?.events.get(eventId) ?? googleError(404, 'notFound');
  }

  private freeBusyOf(account: string, asked: string, from: number, to: number): Record<string, unknown> {
    const id = this.resolve(account, asked);
    const reason = id === undefined ? 'notFound' : this.freeBusyErrors.get(id);
    if (reason !== undefined || id === undefined) return { errors: [{ domain: 'global', reason: reason ?? 'notFound' }], busy: [] };
    const calendar = this.calendars.get(id);
    const intervals = [...(calendar?.busy ?? [])];
    for (const event of calendar?.events.values() ?? []) {
      if (event.status === 'cancelled' || event.transparency === 'transparent') continue;
      const start = eventInstant(event.start);
      const end = eventInstant(event.end);
      if (start !== undefined && end !== undefined) intervals.push({ start, end });
    }
    return { busy: mergeIntervals(intervals, from, to).map((i) => ({ start: rfc3339(i.start), end: rfc3339(i.end) })) };
  }

  private calendar(id: string): Calendar {
    let calendar = this.calendars.get(id);
    if (!calendar) {
      calendar = { events: new Map(), busy: [] };
      this.calendars.set(id, calendar);
    }
    return calendar;
  }

  private etag(): string {
    this.etagCounter += 1;
    return `"${Date.now() * 1000 + (this.etagCounter % 1000)}"`;
  }
}

function isEvent(found: FakeCalendarEvent | Answer): found is FakeCalendarEvent {
  return typeof (found as FakeCalendarEvent).kind === 'string';
}

function hasScope(caller: LiveToken, accepted: string[]): boolean {
  return caller.scopes.some((scope) => accepted.includes(scope));
}

/** Google's 400 for a missing, unreadable or inverted start/end, or undefined. */
function timesProblem(body: Record<string, unknown>): Answer | undefined {
  for (const field of ['start', 'end'] as const) {
    const time = body[field];
    if (!isObject(time) || (time.dateTime === undefined && time.date === undefined)) return googleError(400, 'required', `Missing ${field} time.`);
    if (eventInstant(time) === undefined) return googleError(400, 'invalid', `Invalid ${field} time.`);
  }
  const start = eventInstant(body.start) ?? 0;
  const end = eventInstant(body.end) ?? 0;
  return end < start ? googleError(400, 'timeRangeEmpty') : undefined;
}

function eventInstant(time: unknown): number | undefined {
  if (!isObject(time)) return undefined;
  if (typeof time.dateTime === 'string') return instant(time.dateTime);
  return typeof time.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(time.date) ? instant(`${time.date}T00:00:00Z`) : undefined;
}

function instant(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

function statusOf(value: unknown): FakeCalendarEvent['status'] | undefined {
  return typeof value === 'string' && STATUSES.has(value) ? (value as FakeCalendarEvent['status']) : undefined;
}

/** Intervals clipped to [from, to), sorted, overlapping or touching ones merged. */
function mergeIntervals(intervals: Array<{ start: number; end: number }>, from: number, to: number): Array<{ start: number; end: number }> {
  const clipped = intervals
    .map((i) => ({ start: Math.max(i.start, from), end: Math.min(i.end, to) }))
    .filter((i) => i.start < i.end)
    .sort((a, b) => a.start - b.start);
  const merged: Array<{ start: number; end: number }> = [];
  for (const interval of clipped) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}

/** Patch semantics: objects merge field by field, anything else (arrays too) replaces. */
function deepMerge(target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = structuredClone(target);
  for (const [key, value] of Object.entries(patch)) {
    const current = result[key];
    result[key] = isObject(current) && isObject(value) ? deepMerge(current, value) : value;
  }
  return result;
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** A random base32hex id, like Google's. */
function randomId(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuv';
  return [...randomBytes(26)].map((b) => alphabet[b & 31]).join('');
}
