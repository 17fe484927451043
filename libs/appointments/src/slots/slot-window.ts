import { DateTime } from 'luxon';
import { isLocalDate } from '@sophie/common';
import { AppointmentsErrorCode, appointmentsError } from '../appointments-error-code';
import type { TimeInterval } from './slot-engine';

/** The longest window one slots request may ask for. */
export const MAX_WINDOW_DAYS = 92;
const DEFAULT_WINDOW_DAYS = 7;

/**
 * The `[from, to)` instants of a slots request. A date `from` is its local midnight in the clinic's zone; a date
 * `to` includes that whole local day; date-times are taken as they are. Defaults: from now, for 7 days.
 */
export function slotWindow(from: string | undefined, to: string | undefined, zone: string, now: Date): TimeInterval {
  const start = from === undefined ? DateTime.fromJSDate(now, { zone }) : parse(from, zone, false);
  const end = to === undefined ? start.plus({ days: DEFAULT_WINDOW_DAYS }) : parse(to, zone, true);
  if (end <= start) throw appointmentsError(AppointmentsErrorCode.InvalidRange, 'to must be after from');
  if (end > start.plus({ days: MAX_WINDOW_DAYS })) {
    throw appointmentsError(AppointmentsErrorCode.InvalidRange, `The window may span at most ${MAX_WINDOW_DAYS} days`);
  }
  return { start: start.toJSDate(), end: end.toJSDate() };
}

function parse(value: string, zone: string, endOfDay: boolean): DateTime {
  if (!isLocalDate(value)) return DateTime.fromISO(value, { setZone: true });
  const midnight = DateTime.fromISO(value, { zone }).startOf('day');
  return endOfDay ? midnight.plus({ days: 1 }).startOf('day') : midnight;
}
