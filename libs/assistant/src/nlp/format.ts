import { DateTime } from 'luxon';
import type { Language } from '../i18n/languages';

/** A long date as a receptionist would write it: fr "lundi 23 novembre", en "Monday 23 November", de "Montag, 23. November". */
const LONG_DATE: Readonly<Record<Language, string>> = {
  fr: 'EEEE d MMMM',
  en: 'EEEE d MMMM',
  de: 'EEEE, d. MMMM',
  it: 'EEEE d MMMM',
  es: "EEEE d 'de' MMMM",
};

/** A short date for list rows (a row title holds 24 characters): fr "lun. 23 nov.", en "Mon 23 Nov", de "Mo., 23. Nov.". */
const SHORT_DATE: Readonly<Record<Language, string>> = {
  fr: 'EEE d MMM',
  en: 'EEE d MMM',
  de: 'EEE, d. MMM',
  it: 'EEE d MMM',
  es: 'EEE d MMM',
};

function inZone(instant: Date, zone: string, lang: Language): DateTime {
  const local = DateTime.fromJSDate(instant, { zone }).setLocale(lang);
  if (!local.isValid) throw new RangeError(`Cannot show ${instant.toISOString()} in zone "${zone}": ${local.invalidExplanation ?? ''}`);
  return local;
}

/** The instant's calendar day in the clinic's zone, written out in `lang`. */
export function formatDate(instant: Date, zone: string, lang: Language): string {
  return inZone(instant, zone, lang).toFormat(LONG_DATE[lang]);
}

/** The instant's calendar day in the clinic's zone, abbreviated for a list row title. */
export function formatShortDate(instant: Date, zone: string, lang: Language): string {
  return inZone(instant, zone, lang).toFormat(SHORT_DATE[lang]);
}

/** The instant's wall-clock time in the clinic's zone, 24-hour "HH:mm" in every language. */
export function formatTime(instant: Date, zone: string, _lang: Language): string {
  return inZone(instant, zone, 'fr').toFormat('HH:mm');
}

/** A local calendar date ("2026-11-23", as parseWhen returns) written out like formatDate. */
export function formatLocalDate(date: string, lang: Language): string {
  const day = DateTime.fromISO(date, { zone: 'UTC' }).setLocale(lang);
  if (!day.isValid) throw new RangeError(`Not a calendar date: "${date}"`);
  return day.toFormat(LONG_DATE[lang]);
}

/**
 * Shortens data (a treatment's or practitioner's name) to fit a WhatsApp title of `max` characters,
 * ending with "…" when cut. Counts UTF-16 units, as the stricter reading of Meta's limits.
 */
export function truncate(text: string, max: number): string {
  const clean = text.trim().replace(/\s+/g, ' ');
  if (clean.length <= max) return clean;
  let cut = clean.slice(0, Math.max(0, max - 1));
  // Never leave half of a surrogate pair (an emoji) at the cut.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}
