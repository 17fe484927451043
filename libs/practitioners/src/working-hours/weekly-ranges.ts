import { QueryFailedError } from 'typeorm';
import { PractitionersErrorCode, practitionersError } from '../practitioners-error-code';
import { minutesOf } from '../validation';

export interface WeeklyRangeInput {
  readonly weekday: number;
  readonly start: string;
  readonly end: string;
}

/** SQLSTATE of an exclusion constraint violation (`working_hours_no_overlap`). */
const EXCLUSION_VIOLATION = '23P01';

/** The ranges sorted by weekday then start, after checking each ends after it starts and none overlaps another of its day. */
export function checkWeeklyRanges<T extends WeeklyRangeInput>(ranges: readonly T[]): T[] {
  for (const range of ranges) {
    if (minutesOf(range.end) <= minutesOf(range.start)) {
      throw practitionersError(PractitionersErrorCode.InvalidWorkingHours, `The range ${range.start}-${range.end} of weekday ${range.weekday} must end after it starts`);
    }
  }
  const sorted = [...ranges].sort((a, b) => a.weekday - b.weekday || minutesOf(a.start) - minutesOf(b.start));
  for (let i = 1; i < sorted.length; i += 1) {
    const [previous, next] = [sorted[i - 1], sorted[i]];
    if (previous.weekday === next.weekday && minutesOf(next.start) < minutesOf(previous.end)) {
      throw overlapError(`The ranges ${previous.start}-${previous.end} and ${next.start}-${next.end} of weekday ${next.weekday} overlap`);
    }
  }
  return sorted;
}

export function overlapError(message = 'Two working ranges of the same weekday overlap'): Error {
  return practitionersError(PractitionersErrorCode.WorkingHoursOverlap, message);
}

/** True when the database refused overlapping working ranges (the exclusion constraint, the backstop of the check above). */
export function isOverlapViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string } | undefined)?.code === EXCLUSION_VIOLATION;
}
