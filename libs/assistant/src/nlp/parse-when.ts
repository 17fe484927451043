import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import { LANGUAGES, type Language } from '../i18n/languages';
import { normalizeText } from './normalize-text';
import { rewriteForChrono } from './rewrite-when';

export type PartOfDay = 'morning' | 'afternoon' | 'evening';

export interface ParsedWhen {
  /** The local calendar date in the clinic's zone, YYYY-MM-DD. */
  date: string;
  /** The local time when the patient gave an hour, HH:mm; null otherwise. */
  time: string | null;
  /** "lundi matin", "tomorrow afternoon", "heute Abend": set only when no hour was given. */
  partOfDay: PartOfDay | null;
}

/** Chrono's parser per language; English is the British one (day before month: 12/3 is 12 March). */
const PARSERS: Readonly<Record<Language, chrono.Chrono>> = {
  fr: chrono.fr.casual,
  en: chrono.en.GB,
  de: chrono.de.casual,
  it: chrono.it.casual,
  es: chrono.es.casual,
};

/** Part-of-day words per language, as normalizeText writes them. */
const PARTS_OF_DAY: Readonly<Record<Language, Readonly<Record<PartOfDay, RegExp>>>> = {
  fr: { morning: /\b(?:matin|matinee)\b/, afternoon: /\b(?:apres midi|aprem)\b/, evening: /\b(?:soir|soiree)\b/ },
  en: { morning: /\bmorning\b/, afternoon: /\bafternoon\b/, evening: /\b(?:evening|tonight)\b/ },
  de: { morning: /\b(?:vormittags?|morgens|fruh|am morgen)\b/, afternoon: /\bnachmittags?\b/, evening: /\b(?:abends?)\b/ },
  it: { morning: /\b(?:mattin[ao]|mattinata|stamattina|stamani)\b/, afternoon: /\bpomeriggio\b/, evening: /\b(?:sera|serata|stasera)\b/ },
  es: { morning: /\b(?:por|de|en|a) la manana\b/, afternoon: /\b(?:(?:por|de|en|a) la|esta) tarde\b/, evening: /\b(?:noche)\b/ },
};

function partOfDayIn(text: string, lang: Language): PartOfDay | null {
  const normalized = normalizeText(text);
  const parts = PARTS_OF_DAY[lang];
  return (Object.keys(parts) as PartOfDay[]).find((part) => parts[part].test(normalized)) ?? null;
}

/** A result that names a day, a weekday or an hour; chrono's bare "morning" (a default hour on an implied day) is not one. */
function isMeaningful(result: chrono.ParsedResult): boolean {
  return result.start.isCertain('day') || result.start.isCertain('weekday') || result.start.isCertain('hour');
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function dateOf(components: chrono.ParsedComponents): string {
  return `${components.get('year')}-${pad(components.get('month') ?? 1)}-${pad(components.get('day') ?? 1)}`;
}

/**
 * The hour the patient meant: an hour without am/pm from 1 to 6 is in the afternoon ("Friday at 3",
 * "vendredi à 3h": no clinic opens at 3 a.m.), and so is any hour before noon said with "afternoon"
 * or "evening" ("a las 5 de la tarde"), unless "morning" was said.
 */
function hourMeant(components: chrono.ParsedComponents, partOfDay: PartOfDay | null): number {
  const hour = components.get('hour') ?? 0;
  if (components.isCertain('meridiem') || hour >= 12) return hour;
  if (partOfDay === 'afternoon' || partOfDay === 'evening') return hour + 12;
  if (partOfDay !== 'morning' && hour >= 1 && hour <= 6) return hour + 12;
  return hour;
}

function build(results: chrono.ParsedResult[], partOfDay: PartOfDay | null): ParsedWhen {
  const day = results[0].start;
  // A time said apart from its day ("lundi, plutôt vers 10h") comes as a result of its own.
  const timed = day.isCertain('hour') ? day : results.slice(1).find((r) => r.start.isCertain('hour') && !r.start.isCertain('day') && !r.start.isCertain('weekday'))?.start;
  const time = timed ? `${pad(hourMeant(timed, partOfDay))}:${pad(timed.get('minute') ?? 0)}` : null;
  return { date: dateOf(day), time, partOfDay: time ? null : partOfDay };
}

/**
 * The day (and time, or part of the day) a patient names in free text, in the clinic's zone:
 * "demain 14h", "lundi matin", "le 3 décembre", "3/12" (day first), "tomorrow 2pm", "morgen 14 Uhr",
 * "domani alle 10", "mañana por la tarde". Read with chrono in all five languages; the reading that
 * covers the most of the text wins, `lang` on a tie (so "tomorrow 2pm" is understood in a French
 * conversation, where French chrono alone sees only "2pm"). Relative words count from `now` as seen
 * on the clinic's wall clock; a weekday, date or bare hour already past rolls forward as chrono rolls
 * it ("9h" at 10:30 is tomorrow's), but a day named today stays today ("aujourd'hui 9h"), leaving the
 * caller to say it has passed. A part of the day alone ("ce soir") is today.
 * Null when neither a day nor an hour is found.
 */
export function parseWhen(text: string, lang: Language, zone: string, now: Date): ParsedWhen | null {
  const wall = DateTime.fromJSDate(now, { zone });
  if (!wall.isValid) throw new RangeError(`Unknown time zone "${zone}"`);
  // Chrono counts from the machine's local time: give it a Date whose local fields are the clinic's wall time.
  const reference = new Date(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const today = DateTime.fromObject({ year: wall.year, month: wall.month, day: wall.day }, { zone: 'UTC' });
  let best: { locale: Language; results: chrono.ParsedResult[]; covered: number } | null = null;
  for (const locale of [lang, ...LANGUAGES.filter((other) => other !== lang)]) {
    const results = PARSERS[locale].parse(rewriteForChrono(text, locale, today), reference, { forwardDate: true }).filter(isMeaningful);
    const covered = results.reduce((sum, result) => sum + result.text.length, 0);
    if (covered > (best?.covered ?? 0)) best = { locale, results, covered };
  }
  if (best) return build(best.results, partOfDayIn(text, best.locale) ?? partOfDayIn(text, lang));
  const partOfDay = partOfDayIn(text, lang);
  return partOfDay ? { date: today.toFormat('yyyy-MM-dd'), time: null, partOfDay } : null;
}
