import { DateTime } from 'luxon';
import { MONTH_NUMBERS } from './calendar-words';
import { normalizeText } from './normalize-text';

/** 24/03/1985, 24.03.1985, 24-03-1985, 24 03 1985, 24/03/85: always day first, as in Europe. */
const DAY_FIRST = /(?<!\d)(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{4}|\d{2})(?!\d)/;
/** 1985-03-24 (ISO), 1985/03/24. */
const YEAR_FIRST = /(?<!\d)(\d{4})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})(?!\d)/;
/** "24 mars 1985", "24. März 1985", "1er mars 1985", "24 de marzo de 1985" (after normalizeText: "24 de marzo de 1985"). */
const DAY_MONTH_NAME = /(?:^| )(\d{1,2})(?:er|st|nd|rd|th|o)? (?:de )?([a-z]+) (?:de |del )?(\d{4})(?= |$)/;
/** "March 24, 1985", "March 24th 1985". */
const MONTH_NAME_DAY = /(?:^| )([a-z]+) (\d{1,2})(?:st|nd|rd|th)? (\d{4})(?= |$)/;

/** A two-digit year is the latest year ending so that is not after today: 85 → 1985, 15 → 2015 (in 2026). */
function fullYear(year: string, today: DateTime): number {
  if (year.length === 4) return Number(year);
  const century = Math.floor(today.year / 100) * 100;
  const candidate = century + Number(year);
  return candidate > today.year ? candidate - 100 : candidate;
}

function found(text: string, today: DateTime): { year: number; month: number; day: number } | null {
  const dayFirst = DAY_FIRST.exec(text);
  if (dayFirst) return { day: Number(dayFirst[1]), month: Number(dayFirst[2]), year: fullYear(dayFirst[3], today) };
  const yearFirst = YEAR_FIRST.exec(text);
  if (yearFirst) return { year: Number(yearFirst[1]), month: Number(yearFirst[2]), day: Number(yearFirst[3]) };
  const normalized = normalizeText(text);
  const named = DAY_MONTH_NAME.exec(normalized);
  const namedMonth = named && MONTH_NUMBERS.get(named[2]);
  if (named && namedMonth) return { day: Number(named[1]), month: namedMonth, year: Number(named[3]) };
  const monthFirst = MONTH_NAME_DAY.exec(normalized);
  const firstMonth = monthFirst && MONTH_NUMBERS.get(monthFirst[1]);
  if (monthFirst && firstMonth) return { month: firstMonth, day: Number(monthFirst[2]), year: Number(monthFirst[3]) };
  return null;
}

/**
 * A date of birth typed by a patient, as YYYY-MM-DD, or null when there is none or it cannot be one:
 * an impossible day (31/02), a day after `today` (the clinic's local date, YYYY-MM-DD), a year before 1900.
 * Numbers are read day first; month names are understood in the five languages.
 */
export function parseBirthDate(text: string, today: string): string | null {
  const todayDate = DateTime.fromISO(today, { zone: 'UTC' });
  if (!todayDate.isValid) throw new RangeError(`Not a calendar date: "${today}"`);
  const parts = found(text, todayDate);
  if (!parts) return null;
  const date = DateTime.fromObject(parts, { zone: 'UTC' });
  if (!date.isValid || date.year < 1900 || date > todayDate) return null;
  return date.toFormat('yyyy-MM-dd');
}
