import { DateTime } from 'luxon';
import {
  computeSlots,
  type IsoWeekday,
  type Slot,
  type SlotQuery,
  type SlotSettings,
  type TimeInterval,
  type TreatmentTiming,
  type WorkingHoursRange,
} from './slot-engine';

/* Shared by the slot engine's spec files: queries with defaults, and instants written and read as local ISO. */

export const PARIS = 'Europe/Paris';
export const ALL_WEEK: IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];

/** A local wall-clock time of `zone` as an instant (never used for ambiguous times: luxon would pick one). */
export function at(localISO: string, zone = PARIS): Date {
  const dateTime = DateTime.fromISO(localISO, { zone });
  if (!dateTime.isValid) throw new Error(`bad test date ${localISO}`);
  return dateTime.toJSDate();
}

/** An instant as local ISO with its offset, e.g. `2026-06-01T09:00+02:00`: readable, and shows which occurrence. */
export function local(instant: Date, zone = PARIS): string {
  return DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mmZZ");
}

/** Expected starts of one local date: `on('2026-06-01', '+02:00', '09:00', '09:30')`. */
export function on(date: string, offset: string, ...times: string[]): string[] {
  return times.map((time) => `${date}T${time}${offset}`);
}

export function hours(weekdays: readonly IsoWeekday[], start: string, end: string): WorkingHoursRange[] {
  return weekdays.map((weekday) => ({ weekday, start, end }));
}

export function window(from: string, to: string, zone = PARIS): SlotQuery['range'] {
  return { from: at(from, zone), to: at(to, zone) };
}

export type Overrides = Partial<Omit<SlotQuery, 'settings' | 'treatment'>> & {
  readonly settings?: Partial<SlotSettings>;
  readonly treatment?: Partial<TreatmentTiming>;
};

/** Defaults: Paris, Monday 2026-06-01 asked, Mondays 09:00–12:00, 30-minute grid and treatment, no buffers. */
export function query(overrides: Overrides = {}): SlotQuery {
  const zone = overrides.zone ?? PARIS;
  return {
    zone,
    range: overrides.range ?? window('2026-06-01T00:00', '2026-06-02T00:00', zone),
    now: overrides.now ?? at('2026-05-01T08:00', zone),
    settings: { slotIntervalMinutes: 30, minimumNoticeMinutes: 0, horizonDays: 365, ...overrides.settings },
    treatment: { durationMinutes: 30, bufferBeforeMinutes: 0, bufferAfterMinutes: 0, ...overrides.treatment },
    workingHours: overrides.workingHours ?? hours([1], '09:00', '12:00'),
    closures: overrides.closures ?? [],
    busy: overrides.busy ?? [],
  };
}

export function slotsOf(overrides: Overrides = {}): Slot[] {
  return computeSlots(query(overrides));
}

export function startsOf(overrides: Overrides = {}): string[] {
  return slotsOf(overrides).map((slot) => local(slot.start, overrides.zone ?? PARIS));
}

export function minutesOf(interval: TimeInterval): number {
  return (interval.end.getTime() - interval.start.getTime()) / 60_000;
}
