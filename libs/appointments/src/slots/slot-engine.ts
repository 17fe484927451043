import type { IANAZone } from 'luxon';
import { blockedTimeline, instant, overlapsBlocked, wholeNumber, type BlockedTimeline } from './blocked-timeline';
import {
  dateKey,
  horizonLimit,
  localDays,
  MINUTES_PER_DAY,
  MS_PER_MINUTE,
  parseLocalDate,
  parseLocalTime,
  requireZone,
  resolveLocal,
  resolveOnRegularDay,
  type CalendarDate,
  type LocalDay,
} from './local-time';
import type {
  LocalPeriod,
  LocalTime,
  MergedSlot,
  PractitionerSlots,
  Slot,
  SlotQuery,
  TimeInterval,
  WorkingHoursRange,
} from './slot-engine.types';

export type {
  BusyInterval,
  IsoWeekday,
  LocalPeriod,
  LocalTime,
  MergedSlot,
  PractitionerSlots,
  Slot,
  SlotQuery,
  SlotSettings,
  TimeInterval,
  TreatmentTiming,
  WorkingHoursRange,
} from './slot-engine.types';

/*
 * The slot engine: a pure function listing the bookable appointment slots of ONE practitioner.
 *
 * Decisions (the spec file tests each of them):
 *
 * - Working hours. Each `{ weekday, start, end }` is local wall-clock time in the clinic's zone, expanded per local
 *   date; `09:00` is 09:00 on the clock every day, DST or not. Invalid entries (weekday outside 1..7, a time that is
 *   not `HH:mm`, `end` not after `start`) are REJECTED with a RangeError rather than ignored: silently dropping
 *   opening hours would hide a configuration error from everyone. `24:00` is accepted as an end (the next local
 *   midnight). Ranges of the same weekday that overlap or touch are merged into one range (a zero-length gap is no
 *   break); the grid is anchored at the merged range's start.
 *
 * - Grid. Candidate starts are `range start + k × slotIntervalMinutes` in LOCAL WALL-CLOCK minutes.
 *
 * - Buffers vs working hours. The whole blocked span `[start - bufferBefore, start + duration + bufferAfter)` must lie
 *   inside one working range: preparation before the first appointment and clean-up after the last one happen during
 *   opening hours, never before opening or after closing. The same blocked span must not overlap any closure, nor any
 *   busy interval's own blocked span `[busy.start - its bufferBefore, busy.end + its bufferAfter)`.
 *
 * - Intervals are half-open `[a, b)`: touching intervals do not conflict (back-to-back appointments are allowed).
 *
 * - Notice and horizon. `start >= now + minimumNoticeMinutes` (elapsed minutes). The horizon counts CALENDAR days in
 *   the clinic's zone: slots are offered up to and including the local date `today + horizonDays` (today = local
 *   date of `now`), i.e. `start < first instant of local date (today + horizonDays + 1)`. A patient then sees whole
 *   days (the last day does not shrink as the day goes by) and a DST change inside the horizon moves nothing.
 *   `horizonDays = 0` offers today only.
 *
 * - Asked range: `start` in `[from, to)`; a slot may end after `to`.
 *
 * - DST. Local times are resolved by luxon, never by adding offsets by hand, with one explicit rule (the one of
 *   Temporal's `disambiguation: 'compatible'` and java.time):
 *   - a grid time that does not exist (spring-forward gap, e.g. 02:30 on 2026-03-29 in Europe/Paris) is skipped;
 *   - an ambiguous time (the repeated hour of a fall-back night, e.g. 02:30 on 2026-10-25 in Europe/Paris) is its
 *     EARLIER occurrence, once. Slots therefore follow the wall-clock grid 01:45, 02:00 … 02:45 (summer time), 03:00
 *     (winter time): no start falls in the second pass of the repeated hour, though an appointment may run through
 *     it. Luxon's own default for ambiguous times is the later occurrence, so the earlier one is picked explicitly
 *     with `DateTime#getPossibleOffsets()`;
 *   - a working-range or closure boundary that does not exist is shifted forward by the gap length (luxon's
 *     resolution, e.g. 02:30 -> 03:30 CEST); an ambiguous boundary is its earlier occurrence, like a grid time.
 *     `localDayClosure` and `localPeriodClosure` build closures from local dates and times with this same rule.
 *   Durations, buffers and notice are elapsed time: a 30-minute appointment lasts 30 real minutes across a change.
 *
 * - Performance. Luxon calls cost microseconds each (Intl), so they are made per local date and per working range,
 *   not per candidate. Within a working range whose two ends luxon resolved to the same UTC offset, no transition
 *   happens (no zone has two transitions cancelling each other within a day), so stepping the grid by N wall-clock
 *   minutes IS stepping by N elapsed minutes and candidates are plain millisecond steps from luxon's resolved start.
 *   Only a range crossing a transition (a night range on a DST night) resolves every grid time with luxon. Closures
 *   and busy intervals are sorted and merged once; each candidate is then checked by a binary search.
 *   (Sanity check, not a test: 60 days, 2 ranges a day, 15-minute grid and 500 busy intervals runs in a few ms.)
 *
 * Files: this one is the public entry (the functions below and the types of slot-engine.types.ts); local-time.ts
 * resolves local dates and times and holds the calendar helpers; blocked-timeline.ts merges closures and busy time.
 */

/** A working range of one weekday in local minutes since midnight, `[startMinute, endMinute)`. */
interface MinuteRange {
  readonly startMinute: number;
  readonly endMinute: number;
}

/** What every candidate of one query is checked against, in epoch milliseconds. */
interface SlotPlan {
  readonly earliestStart: number;
  /** Exclusive. */
  readonly startLimit: number;
  readonly stepMinutes: number;
  readonly bufferBeforeMs: number;
  /** Duration plus the after buffer: the blocked span ends at `start + blockedAfterStartMs`. */
  readonly blockedAfterStartMs: number;
  readonly blocked: BlockedTimeline;
}

/** Lists the bookable slots of one practitioner, sorted by start, without duplicates. Pure: reads no clock, no I/O. */
export function computeSlots(query: SlotQuery): Slot[] {
  const zone = requireZone(query.zone);
  const stepMinutes = wholeNumber(query.settings.slotIntervalMinutes, 'settings.slotIntervalMinutes', 1);
  const noticeMinutes = wholeNumber(query.settings.minimumNoticeMinutes, 'settings.minimumNoticeMinutes', 0);
  const horizonDays = wholeNumber(query.settings.horizonDays, 'settings.horizonDays', 0);
  const durationMinutes = wholeNumber(query.treatment.durationMinutes, 'treatment.durationMinutes', 1);
  const bufferBefore = wholeNumber(query.treatment.bufferBeforeMinutes, 'treatment.bufferBeforeMinutes', 0);
  const bufferAfter = wholeNumber(query.treatment.bufferAfterMinutes, 'treatment.bufferAfterMinutes', 0);
  const rangesByWeekday = workingRangesByWeekday(query.workingHours);
  const blocked = blockedTimeline(query.closures, query.busy);
  const fromMs = instant(query.range.from, 'range.from');
  const toMs = instant(query.range.to, 'range.to');
  const nowMs = instant(query.now, 'now');

  const earliestStart = Math.max(fromMs, nowMs + noticeMinutes * MS_PER_MINUTE);
  const startLimit = Math.min(toMs, horizonLimit(zone, nowMs, horizonDays));
  if (startLimit <= earliestStart) return [];

  const plan: SlotPlan = {
    earliestStart,
    startLimit,
    stepMinutes,
    bufferBeforeMs: bufferBefore * MS_PER_MINUTE,
    blockedAfterStartMs: (durationMinutes + bufferAfter) * MS_PER_MINUTE,
    blocked,
  };
  const starts: number[] = [];
  for (const day of localDays(zone, earliestStart, startLimit)) {
    for (const range of rangesByWeekday[day.weekday]) collectRange(zone, day, range, plan, starts);
  }
  return toSlots(starts, durationMinutes * MS_PER_MINUTE);
}

/**
 * The closed interval of a whole local day (`YYYY-MM-DD` in `zone`), or of part of it from `fromTime` (default
 * 00:00) to `toTime` (default 24:00, the next local midnight). A whole day lasts 23 or 25 hours on DST days.
 * Boundaries follow the engine's rule: an ambiguous time is its earlier occurrence, a missing one is shifted forward.
 */
export function localDayClosure(dateISO: string, zone: string, fromTime?: LocalTime, toTime?: LocalTime): TimeInterval {
  const tz = requireZone(zone);
  const date = parseLocalDate(dateISO);
  const fromMinute = fromTime === undefined ? 0 : parseLocalTime(fromTime, 'fromTime', false);
  const toMinute = toTime === undefined ? MINUTES_PER_DAY : parseLocalTime(toTime, 'toTime', true);
  return resolveClosure(
    tz,
    { date, minute: fromMinute },
    { date, minute: toMinute },
    () => `localDayClosure: ${dateISO} ${fromTime ?? '00:00'}–${toTime ?? '24:00'} is not a forward interval in ${zone}`,
  );
}

/**
 * The closed interval of a local period (a `closures` row): from local date `startsOn` at `startTime` (null: 00:00)
 * to local date `endsOn` at `endTime` (null or `24:00`: the next local midnight), with the boundary rule of
 * `localDayClosure`. A RangeError when it is not a forward interval (including an empty one).
 */
export function localPeriodClosure(period: LocalPeriod, zone: string): TimeInterval {
  const tz = requireZone(zone);
  const startDate = parseLocalDate(period.startsOn, 'startsOn');
  const endDate = parseLocalDate(period.endsOn, 'endsOn');
  const startMinute = period.startTime === null ? 0 : parseLocalTime(period.startTime, 'startTime', false);
  const endMinute = period.endTime === null ? MINUTES_PER_DAY : parseLocalTime(period.endTime, 'endTime', true);
  return resolveClosure(
    tz,
    { date: startDate, minute: startMinute },
    { date: endDate, minute: endMinute },
    () =>
      `localPeriodClosure: ${period.startsOn} ${period.startTime ?? '00:00'} – ${period.endsOn} ${period.endTime ?? '24:00'}` +
      ` is not a forward interval in ${zone}`,
  );
}

/**
 * Merges several practitioners' slots for "first available practitioner": one entry per distinct start, sorted by
 * start, listing who is free then (in the order the practitioners were given, each once). `end` is the latest end
 * among them, so it covers whichever practitioner is finally assigned.
 */
export function anyPractitionerSlots(perPractitioner: readonly PractitionerSlots[]): MergedSlot[] {
  const entries: Array<{ start: number; end: number; practitionerId: string }> = [];
  for (const { practitionerId, slots } of perPractitioner) {
    for (const slot of slots) {
      entries.push({ start: instant(slot.start, 'slot.start'), end: instant(slot.end, 'slot.end'), practitionerId });
    }
  }
  // Array#sort is stable: equal starts keep the practitioners' order.
  entries.sort((a, b) => a.start - b.start);

  const merged: MergedSlot[] = [];
  let index = 0;
  while (index < entries.length) {
    const start = entries[index].start;
    let end = entries[index].end;
    const practitionerIds: string[] = [];
    for (; index < entries.length && entries[index].start === start; index++) {
      const entry = entries[index];
      if (entry.end > end) end = entry.end;
      if (!practitionerIds.includes(entry.practitionerId)) practitionerIds.push(entry.practitionerId);
    }
    merged.push({ start: new Date(start), end: new Date(end), practitionerIds });
  }
  return merged;
}

/**
 * A closure between two local date-times, each resolved by `resolveLocal` (ambiguous: earlier occurrence; missing:
 * shifted forward). Refused unless the end is after the start both on the wall clock and as instants.
 */
function resolveClosure(
  zone: IANAZone,
  from: { readonly date: CalendarDate; readonly minute: number },
  to: { readonly date: CalendarDate; readonly minute: number },
  describe: () => string,
): TimeInterval {
  const start = resolveLocal(zone, from.date, from.minute).ms;
  const end = resolveLocal(zone, to.date, to.minute).ms;
  const fromKey = dateKey(from.date) * (MINUTES_PER_DAY + 1) + from.minute;
  const toKey = dateKey(to.date) * (MINUTES_PER_DAY + 1) + to.minute;
  if (toKey <= fromKey) throw new RangeError(describe());
  // Forward in local terms but not once resolved: the period lies in a spring-forward gap (e.g. 02:30–03:15 when
  // 02:30 resolves to 03:30). Such a closure closes no real time; an empty interval, never an error for stored data.
  if (end <= start) return { start: new Date(end), end: new Date(end) };
  return { start: new Date(start), end: new Date(end) };
}

/** Adds the valid candidates of one working range on one local day to `out` (epoch ms). */
function collectRange(zone: IANAZone, day: LocalDay, range: MinuteRange, plan: SlotPlan, out: number[]): void {
  const resolve = day.regular ? resolveOnRegularDay : resolveLocal;
  const rangeStart = resolve(zone, day.date, range.startMinute);
  const rangeEnd = resolve(zone, day.date, range.endMinute);
  // Every candidate satisfies rangeStart <= start < rangeEnd.
  if (rangeEnd.ms <= plan.earliestStart || rangeStart.ms >= plan.startLimit) return;

  if (rangeStart.exists && rangeEnd.exists && rangeStart.offset === rangeEnd.offset) {
    collectConstantOffsetRange(rangeStart.ms, rangeEnd.ms, plan, out);
  } else {
    collectTransitionRange(zone, day.date, range, rangeStart.ms, rangeEnd.ms, plan, out);
  }
}

/**
 * A range with one UTC offset throughout: N wall-clock minutes after its luxon-resolved start are N elapsed minutes
 * after it, so the grid is a plain millisecond step (no offset is ever added or subtracted).
 */
function collectConstantOffsetRange(rangeStartMs: number, rangeEndMs: number, plan: SlotPlan, out: number[]): void {
  const stepMs = plan.stepMinutes * MS_PER_MINUTE;
  const firstAllowed = Math.max(plan.earliestStart, rangeStartMs + plan.bufferBeforeMs);
  let k = Math.max(0, Math.ceil((firstAllowed - rangeStartMs) / stepMs));
  for (let start = rangeStartMs + k * stepMs; start < plan.startLimit; start = rangeStartMs + ++k * stepMs) {
    const blockedEnd = start + plan.blockedAfterStartMs;
    if (blockedEnd > rangeEndMs) break;
    if (!overlapsBlocked(plan.blocked, start - plan.bufferBeforeMs, blockedEnd)) out.push(start);
  }
}

/** A range crossing a UTC-offset transition: every wall-clock grid time is resolved by luxon. */
function collectTransitionRange(
  zone: IANAZone,
  date: CalendarDate,
  range: MinuteRange,
  rangeStartMs: number,
  rangeEndMs: number,
  plan: SlotPlan,
  out: number[],
): void {
  for (let minute = range.startMinute; minute < range.endMinute; minute += plan.stepMinutes) {
    const candidate = resolveLocal(zone, date, minute);
    if (!candidate.exists) continue; // in the spring-forward gap: no such time on the clock that day
    const start = candidate.ms;
    if (start < plan.earliestStart || start >= plan.startLimit) continue;
    const blockedStart = start - plan.bufferBeforeMs;
    const blockedEnd = start + plan.blockedAfterStartMs;
    if (blockedStart < rangeStartMs || blockedEnd > rangeEndMs) continue;
    if (!overlapsBlocked(plan.blocked, blockedStart, blockedEnd)) out.push(start);
  }
}

function toSlots(starts: number[], durationMs: number): Slot[] {
  starts.sort((a, b) => a - b);
  const slots: Slot[] = [];
  let previous = Number.NaN;
  for (const start of starts) {
    if (start === previous) continue; // de-duplicate by instant
    previous = start;
    slots.push({ start: new Date(start), end: new Date(start + durationMs) });
  }
  return slots;
}

/** Index 1..7 (ISO weekday) -> merged, sorted working ranges of that weekday. */
function workingRangesByWeekday(workingHours: readonly WorkingHoursRange[]): MinuteRange[][] {
  const byWeekday: MinuteRange[][] = Array.from({ length: 8 }, () => []);
  workingHours.forEach((entry, index) => {
    const name = `workingHours[${index}]`;
    const weekday: number = entry.weekday;
    if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) {
      throw new RangeError(`${name}.weekday must be an ISO weekday 1..7 (1 = Monday), got ${String(weekday)}`);
    }
    const startMinute = parseLocalTime(entry.start, `${name}.start`, false);
    const endMinute = parseLocalTime(entry.end, `${name}.end`, true);
    if (endMinute <= startMinute) {
      throw new RangeError(`${name}: end ${entry.end} must be after start ${entry.start} (ranges cannot cross midnight)`);
    }
    byWeekday[weekday].push({ startMinute, endMinute });
  });
  return byWeekday.map((ranges) => {
    const sorted = [...ranges].sort((a, b) => a.startMinute - b.startMinute);
    const merged: MinuteRange[] = [];
    for (const range of sorted) {
      const last = merged[merged.length - 1];
      if (last !== undefined && range.startMinute <= last.endMinute) {
        merged[merged.length - 1] = { startMinute: last.startMinute, endMinute: Math.max(last.endMinute, range.endMinute) };
      } else {
        merged.push(range);
      }
    }
    return merged;
  });
}
