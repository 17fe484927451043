import { LANGUAGES, type Language } from '../i18n/languages';
import { EMERGENCY_SIGNS, NEGATIONS, URGENCY_NEGATION_WINDOW, URGENCY_WORD } from './emergency-lexicon';
import { FILLERS, INTENTS, INTENT_LEXICON, LANGUAGE_WORDS, type Intent } from './intent-lexicon';
import { normalizeText, wordsOf } from './normalize-text';

export type { Intent } from './intent-lexicon';

/** A message longer than this (fillers aside) is a sentence, where "~" keywords such as "oui" do not count. */
export const SHORT_MESSAGE_WORDS = 6;

type Mode = 'anywhere' | 'short' | 'whole';

interface Entry {
  intent: Intent;
  words: readonly string[];
  mode: Mode;
}

interface Candidate {
  intent: Intent;
  start: number;
  length: number;
}

function compile(keyword: string, intent: Intent): Entry {
  const mode: Mode = keyword.startsWith('=') ? 'whole' : keyword.startsWith('~') ? 'short' : 'anywhere';
  return { intent, mode, words: wordsOf(mode === 'anywhere' ? keyword : keyword.slice(1)) };
}

const ENTRIES: Readonly<Record<Language, readonly Entry[]>> = Object.fromEntries(
  LANGUAGES.map((lang) => [lang, INTENTS.flatMap((intent) => INTENT_LEXICON[lang][intent].map((keyword) => compile(keyword, intent)))]),
) as Record<Language, Entry[]>;

/** Fillers longest first, so "merci beaucoup" goes before "merci". */
const FILLER_WORDS: readonly (readonly string[])[] = FILLERS.map(wordsOf).sort((a, b) => b.length - a.length);

function startsAt(tokens: readonly string[], words: readonly string[], start: number): boolean {
  return words.length > 0 && words.every((word, i) => tokens[start + i] === word);
}

function occurrences(tokens: readonly string[], words: readonly string[]): number[] {
  const starts: number[] = [];
  for (let start = 0; start + words.length <= tokens.length; start++) if (startsAt(tokens, words, start)) starts.push(start);
  return starts;
}

/** The tokens without any occurrence of the given phrases (tried in the order given). */
function without(tokens: readonly string[], phrases: readonly (readonly string[])[]): string[] {
  const rest: string[] = [];
  for (let i = 0; i < tokens.length; ) {
    const phrase = phrases.find((words) => startsAt(tokens, words, i));
    if (phrase) i += phrase.length;
    else rest.push(tokens[i++]);
  }
  return rest;
}

function candidatesIn(tokens: readonly string[], langs: readonly Language[]): Candidate[] {
  const isShort = without(tokens, FILLER_WORDS).length <= SHORT_MESSAGE_WORDS;
  const candidates: Candidate[] = [];
  for (const lang of langs) {
    for (const entry of ENTRIES[lang]) {
      if (entry.mode === 'whole') {
        const found = occurrences(tokens, entry.words).length > 0;
        if (found && without(without(tokens, [entry.words]), FILLER_WORDS).length === 0) candidates.push({ intent: entry.intent, start: 0, length: tokens.length });
      } else if (entry.mode === 'anywhere' || isShort) {
        for (const start of occurrences(tokens, entry.words)) candidates.push({ intent: entry.intent, start, length: entry.words.length });
      }
    }
  }
  return candidates;
}

/**
 * The intents a message expresses: the longest keywords take their words first, so "no problem"
 * is a yes and not a no, and "mon rdv" is the patient's appointments and not a new booking.
 */
function intentsIn(tokens: readonly string[], langs: readonly Language[]): Set<Intent> {
  const candidates = candidatesIn(tokens, langs).sort((a, b) => b.length - a.length);
  const taken = new Array<boolean>(tokens.length).fill(false);
  const found = new Set<Intent>();
  for (const candidate of candidates) {
    const span = taken.slice(candidate.start, candidate.start + candidate.length);
    if (span.some(Boolean)) continue;
    span.forEach((_, i) => (taken[candidate.start + i] = true));
    found.add(candidate.intent);
  }
  return found;
}

/** The strongest intent found (INTENTS lists them strongest first); "yes" and "no" together say nothing. */
function strongest(found: Set<Intent>): Intent | null {
  const intent = INTENTS.find((candidate) => found.has(candidate)) ?? null;
  return intent === 'no' && found.has('yes') ? null : intent;
}

/**
 * What a free-text message asks for: keywords of the conversation's language first, then of all five.
 * Accent- and case-insensitive, whole words only; "stop"/"start" count only as (nearly) the whole
 * message, yes/no words only in short messages. When several intents appear, the strongest wins
 * (stop, start, staff, cancel, appointments, book, info, language, later, skip, menu, no, yes):
 * "non, je veux annuler" is cancel.
 */
export function matchIntent(text: string, lang: Language | null): Intent | null {
  const tokens = wordsOf(text);
  if (tokens.length === 0) return null;
  const passes: (readonly Language[])[] = lang ? [[lang], LANGUAGES] : [LANGUAGES];
  for (const langs of passes) {
    const intent = strongest(intentsIn(tokens, langs));
    if (intent) return intent;
  }
  return null;
}

/**
 * The language of a greeting too short to detect ("Hallo", "Buongiorno", "Hola"): the one language whose
 * greetings it matches, or null (none, or shared by several).
 */
export function greetingLanguage(text: string): Language | null {
  const tokens = wordsOf(text);
  if (tokens.length === 0) return null;
  const langs = LANGUAGES.filter((lang) => intentsIn(tokens, [lang]).has('menu'));
  return langs.length === 1 ? langs[0] : null;
}

/** The language a patient names in any of the five ("English please", "en español", "auf Deutsch"), or null. */
export function matchLanguageChoice(text: string): Language | null {
  const tokens = new Set(wordsOf(text));
  const named = LANGUAGES.filter((lang) => LANGUAGE_WORDS[lang].some((word) => tokens.has(word)));
  return named.length === 1 ? named[0] : null;
}

const SIGNS: readonly RegExp[] = EMERGENCY_SIGNS.map((source) => new RegExp(`(?:^| )(?:${source})(?= |$)`));

function isNegated(tokens: readonly string[], index: number): boolean {
  return tokens.slice(Math.max(0, index - URGENCY_NEGATION_WINDOW), index).some((word) => NEGATIONS.has(word));
}

/**
 * Whether a message, in any of the five languages, may describe a medical emergency (heavy bleeding,
 * breathing, chest pain, fainting, unbearable pain, or simply "urgent"). Built for recall: the
 * caller shows the emergency numbers and carries on. "Urgent" words just after a negation
 * ("pas urgent", "not an emergency", "nicht dringend", "non è urgente", "no es urgente") do not count.
 */
export function isEmergency(text: string): boolean {
  const normalized = normalizeText(text);
  if (normalized === '') return false;
  if (SIGNS.some((sign) => sign.test(normalized))) return true;
  const tokens = normalized.split(' ');
  return tokens.some((word, index) => URGENCY_WORD.test(word) && !isNegated(tokens, index));
}
