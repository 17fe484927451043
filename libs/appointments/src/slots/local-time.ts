import { DateTime, IANAZone } from 'luxon';
import { LRUCache } from 'lru-cache';

/*
 * Local wall-clock time and calendar helpers of the slot engine (see slot-engine.ts for the rules): resolving a local
 * date and time of an IANA zone to an instant, calendar-day arithmetic, the local days of a window, and parsing of
 * `HH:mm` / `YYYY-MM-DD` strings. Every local time is resolved by luxon, never by adding offsets by hand.
 */

export const MS_PER_MINUTE = 60_000;
export const MINUTES_PER_DAY = 24 * 60;
const LOCAL_TIME_PATTERN = /^(\d{2}):(\d{2})$/;
const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CalendarDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** A local date of the expanded window; `regular` when no UTC-offset transition happens on or around it. */
export interface LocalDay {
  readonly date: CalendarDate;
  readonly weekday: number;
  readonly regular: boolean;
}

/** A local wall-clock time resolved to an instant. */
export interface ResolvedTime {
  readonly ms: number;
  /** UTC offset in minutes at that instant, as luxon reports it (compared, never added). */
  readonly offset: number;
  /** False when the wall-clock time does not exist that day (luxon then shifted it forward). */
  readonly exists: boolean;
}

/**
 * The local dates from the day before `earliestStart` to the day after the last possible start. A date is regular
 * when luxon reports the same UTC offset at the local midnights from the day before it to the day after the next
 * one: no transition then touches that date's wall-clock times (even one just around midnight).
 */
export function localDays(zone: IANAZone, earliestStart: number, startLimit: number): LocalDay[] {
  const first = addCalendarDays(localDateOf(zone, earliestStart), -1);
  const lastKey = dateKey(addCalendarDays(localDateOf(zone, startLimit - 1), 1));
  const dates: CalendarDate[] = [];
  for (let date = first; dateKey(date) <= lastKey; date = addCalendarDays(date, 1)) dates.push(date);

  const midnightOffset = (date: CalendarDate): number => memo('midnight', zone, date, 0, () => {
    const midnight = wallClock(zone, date, 0);
    return { ms: midnight.toMillis(), offset: midnight.offset, exists: true };
  }).offset;
  const offsets = [midnightOffset(addCalendarDays(first, -1)), ...dates.map(midnightOffset)];
  offsets.push(midnightOffset(addCalendarDays(dates[dates.length - 1], 1)));
  offsets.push(midnightOffset(addCalendarDays(dates[dates.length - 1], 2)));

  // offsets[i + 1] belongs to dates[i].
  return dates.map((date, i) => ({
    date,
    weekday: isoWeekday(date),
    regular: offsets[i] === offsets[i + 1] && offsets[i + 1] === offsets[i + 2] && offsets[i + 2] === offsets[i + 3],
  }));
}

/** Local wall-clock `minuteOfDay` (0..1440) of `date` in `zone`, as luxon resolves it. */
function wallClock(zone: IANAZone, date: CalendarDate, minuteOfDay: number): DateTime {
  const target = minuteOfDay >= MINUTES_PER_DAY ? addCalendarDays(date, 1) : date;
  const minute = minuteOfDay % MINUTES_PER_DAY;
  return DateTime.fromObject(
    { year: target.year, month: target.month, day: target.day, hour: Math.floor(minute / 60), minute: minute % 60 },
    { zone },
  );
}

/** True when luxon kept the asked wall-clock time (it shifts times of a spring-forward gap forward). */
function readsAs(dateTime: DateTime, date: CalendarDate, minuteOfDay: number): boolean {
  const target = minuteOfDay >= MINUTES_PER_DAY ? addCalendarDays(date, 1) : date;
  const minute = minuteOfDay % MINUTES_PER_DAY;
  return (
    dateTime.year === target.year &&
    dateTime.month === target.month &&
    dateTime.day === target.day &&
    dateTime.hour * 60 + dateTime.minute === minute
  );
}

/**
 * Resolved local times, shared by every search: a zone's rules do not change while the process runs, and luxon's
 * resolution is most of the engine's time (each practitioner of an "any practitioner" search resolves the same
 * days and working-hour bounds again). Bounded: 100,000 entries are a few MB.
 */
const resolved = new LRUCache<string, ResolvedTime>({ max: 100_000 });

function memo(kind: string, zone: IANAZone, date: CalendarDate, minuteOfDay: number, compute: () => ResolvedTime): ResolvedTime {
  const key = `${kind}|${zone.name}|${date.year}-${date.month}-${date.day}|${minuteOfDay}`;
  const hit = resolved.get(key);
  if (hit) return hit;
  const value = compute();
  resolved.set(key, value);
  return value;
}

/** Resolves a local time on any day: a missing time is shifted forward by luxon, an ambiguous one is its earlier occurrence. */
export function resolveLocal(zone: IANAZone, date: CalendarDate, minuteOfDay: number): ResolvedTime {
  return memo('any', zone, date, minuteOfDay, () => resolveLocalNow(zone, date, minuteOfDay));
}

function resolveLocalNow(zone: IANAZone, date: CalendarDate, minuteOfDay: number): ResolvedTime {
  const dateTime = wallClock(zone, date, minuteOfDay);
  if (!readsAs(dateTime, date, minuteOfDay)) return { ms: dateTime.toMillis(), offset: dateTime.offset, exists: false };
  let earliest = dateTime;
  for (const possible of dateTime.getPossibleOffsets()) {
    if (possible.toMillis() < earliest.toMillis()) earliest = possible;
  }
  return { ms: earliest.toMillis(), offset: earliest.offset, exists: true };
}

/** Resolves a local time on a regular day, where every wall-clock time exists exactly once. */
export function resolveOnRegularDay(zone: IANAZone, date: CalendarDate, minuteOfDay: number): ResolvedTime {
  return memo('regular', zone, date, minuteOfDay, () => {
    const dateTime = wallClock(zone, date, minuteOfDay);
    return { ms: dateTime.toMillis(), offset: dateTime.offset, exists: readsAs(dateTime, date, minuteOfDay) };
  });
}

/** First instant of local date `today + horizonDays + 1`: the exclusive limit of slot starts. */
export function horizonLimit(zone: IANAZone, nowMs: number, horizonDays: number): number {
  return resolveLocal(zone, addCalendarDays(localDateOf(zone, nowMs), horizonDays + 1), 0).ms;
}

function localDateOf(zone: IANAZone, ms: number): CalendarDate {
  const local = DateTime.fromMillis(ms, { zone });
  return { year: local.year, month: local.month, day: local.day };
}

/**
 * Calendar arithmetic on a plain date (no time zone involved): the Date only carries a proleptic Gregorian date
 * and is read back in UTC, the zone in which it was built.
 */
function addCalendarDays(date: CalendarDate, days: number): CalendarDate {
  const carrier = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: carrier.getUTCFullYear(), month: carrier.getUTCMonth() + 1, day: carrier.getUTCDate() };
}

function isoWeekday(date: CalendarDate): number {
  const sundayBased = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return sundayBased === 0 ? 7 : sundayBased;
}

/** A sortable number for a date: YYYYMMDD. */
export function dateKey(date: CalendarDate): number {
  return date.year * 10_000 + date.month * 100 + date.day;
}

export function requireZone(name: string): IANAZone {
  if (!IANAZone.isValidZone(name)) throw new RangeError(`Unknown IANA time zone: ${name}`);
  return IANAZone.create(name);
}

/** `HH:mm` -> minutes since local midnight; `24:00` only where `allowEndOfDay`. */
export function parseLocalTime(value: string, name: string, allowEndOfDay: boolean): number {
  const match = LOCAL_TIME_PATTERN.exec(value);
  const hour = match ? Number(match[1]) : Number.NaN;
  const minute = match ? Number(match[2]) : Number.NaN;
  // `24:00` is the only time past 23:59 (not `23:60`, which adds up to the same number of minutes).
  const valid = (hour < 24 && minute < 60) || (allowEndOfDay && hour === 24 && minute === 0);
  if (!valid) throw new RangeError(`${name} must be a local time HH:mm (00:00–23:59${allowEndOfDay ? ' or 24:00' : ''}), got ${value}`);
  return hour * 60 + minute;
}

/** `YYYY-MM-DD` (a real calendar date) -> its parts; `name` says which argument it was in the error. */
export function parseLocalDate(value: string, name = 'A local date'): CalendarDate {
  const match = LOCAL_DATE_PATTERN.exec(value);
  const date = match ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) } : undefined;
  if (date === undefined || !DateTime.fromObject(date, { zone: 'utc' }).isValid) {
    throw new RangeError(`${name} must be YYYY-MM-DD, got ${value}`);
  }
  return date;
}
