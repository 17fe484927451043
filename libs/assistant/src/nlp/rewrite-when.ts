import { DateTime } from 'luxon';
import type { Language } from '../i18n/languages';
import { MONTH_NUMBERS, WEEKDAY_NUMBERS } from './calendar-words';
import { normalizeText } from './normalize-text';

/*
 * Rewrites of a patient's text before chrono reads it, for what chrono gets wrong: each replaces a
 * phrase with an explicit day-first date ("24/11/2026") or a "14:00" time that every locale reads.
 */

/** A word bounded by non-letters (JavaScript's \b knows only ASCII letters, not "ñ" or "è"). */
function word(source: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\d])(?:${source})(?![\\p{L}\\d])`, 'giu');
}

function numeric(date: DateTime): string {
  return ` ${date.day}/${date.month}/${date.year} `;
}

/** "14h", "14 h 30", "9h" → "14:00", "14:30", "9:00": chrono reads "10h" as ten hours in some languages. */
const HOUR_WITH_H = word('([01]?\\d|2[0-3])\\s?h(?:\\s?([0-5]\\d))?');
/** A day and month with a German trailing dot, "3.12." → "3/12" (but not a time, "um 10.30."). */
const DOTTED_DAY = /(?<![\d.]|um )(\d{1,2})\.(\d{1,2})\.(?!\d)/gi;
/** Chrono reads "après-demain" and "pasado mañana" as tomorrow, and English "day after tomorrow" without "the" too. */
const DAY_AFTER_TOMORROW = word('apr[eè]s[\\s-]?demain|pasado\\s+ma[nñ]ana|(?:the\\s+)?day\\s+after\\s+tomorrow');
const NOON: Readonly<Partial<Record<Language, RegExp>>> = { fr: word('midi'), it: word('mezzogiorno'), es: word('mediod[ií]a') };
/** Spanish "mañana" is both "tomorrow" and "morning": "por la mañana" is taken out (parse-when reads it as a part of the day). */
const SPANISH_PART_OF_DAY = word('(?:por|de|en|a)\\s+la\\s+(?:ma[nñ]ana|tarde|noche)|esta\\s+(?:tarde|noche)');
/** German "früh" is read by chrono as "Fr" (Friday). */
const GERMAN_EARLY = word('fr[uü]h');
const FRENCH_AFTERNOON = word('apr[eè]s[\\s-]midi');

const WEEKDAY = [
  'lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche',
  'monday|tuesday|wednesday|thursday|friday|saturday|sunday',
  'montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag',
  'luned[iì]|marted[iì]|mercoled[iì]|gioved[iì]|venerd[iì]|sabato|domenica',
  'lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo',
].join('|');
/**
 * A day of the month without its month: "le 24", "mardi 24", "the 24th", "am 24.", "il 24", "el martes 24".
 * Chrono misses these or reads the number as an hour ("lundi 23" → 23:00).
 */
const DAY_OF_MONTH = new RegExp(
  `(?<![\\p{L}\\d])(?:(${WEEKDAY})[\\s,]+(?:(?:le|the|den|il|el)\\s+)?|(?:le|the|am|den|il|el)\\s+)` +
    `(\\d{1,2})(?:er|st|nd|rd|th|\\.)?(?![\\d/:.]|\\s*h(?!\\p{L}))`,
  'giu',
);

/**
 * The next date (today included) with this day of the month; when a weekday is named too, the first of
 * this month's and next month's such dates that falls on it, else the nearest (the patient's number wins).
 */
function nextDayOfMonth(today: DateTime, day: number, weekday: number | undefined): DateTime | null {
  const candidates = [0, 1, 2]
    .map((months) => today.startOf('month').plus({ months }).set({ day }))
    .filter((date) => date.isValid && date.day === day && date >= today);
  return candidates.slice(0, 2).find((date) => date.weekday === weekday) ?? candidates[0] ?? null;
}

function rewriteDayOfMonth(text: string, today: DateTime): string {
  return text.replace(DAY_OF_MONTH, (match: string, weekdayName: string | undefined, dayText: string, offset: number) => {
    const next = normalizeText(text.slice(offset + match.length)).split(' ');
    const month = next[0] === 'de' || next[0] === 'del' || next[0] === 'di' ? next[1] : next[0];
    if (month && MONTH_NUMBERS.has(month)) return match;
    const date = nextDayOfMonth(today, Number(dayText), weekdayName ? WEEKDAY_NUMBERS.get(normalizeText(weekdayName)) : undefined);
    return date ? numeric(date) : match;
  });
}

/** The text as chrono in `lang` reads it best; `today` is the clinic's local date (a UTC-zoned DateTime at midnight). */
export function rewriteForChrono(text: string, lang: Language, today: DateTime): string {
  let rewritten = text
    .replace(/[’‘]/g, "'")
    .replace(DAY_AFTER_TOMORROW, numeric(today.plus({ days: 2 })))
    .replace(HOUR_WITH_H, (_match, hour: string, minute: string | undefined) => `${hour}:${minute ?? '00'}`)
    .replace(DOTTED_DAY, (match, day: string, month: string) => (Number(month) >= 1 && Number(month) <= 12 ? `${day}/${month}` : match));
  rewritten = rewriteDayOfMonth(rewritten, today);
  if (lang === 'fr') rewritten = rewritten.replace(FRENCH_AFTERNOON, ' ');
  const noon = NOON[lang];
  if (noon) rewritten = rewritten.replace(noon, ' 12:00 ');
  if (lang === 'es') rewritten = rewritten.replace(SPANISH_PART_OF_DAY, ' ');
  if (lang === 'de') rewritten = rewritten.replace(GERMAN_EARLY, ' ');
  return rewritten;
}
