import { detectAll } from 'tinyld';
import { LANGUAGES, isLanguage, type Language } from '../i18n/languages';

/** Below this many words or letters a message ("oui", "ok merci", "Termin") says too little about its language. */
export const MIN_WORDS = 3;
export const MIN_LETTERS = 15;
/** The winner's score must be at least this many times the runner-up's ("Siete aperti il sabato?" is too close to French). */
export const MIN_LEAD = 1.5;

/** What says nothing about the language: links, e-mail addresses, and anything but letters and spaces. */
function prose(text: string): string {
  return text
    .replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ')
    .replace(/\S+@\S+/g, ' ')
    .replace(/[^\p{L}\p{M}'’\s-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The language of a patient's message among the five, or null when the text is too short
 * (fewer than MIN_WORDS words or MIN_LETTERS letters once numbers, links and emoji are removed)
 * or when no language clearly wins (the best score under MIN_LEAD times the second's). A null
 * keeps the conversation's current language.
 */
export function detectLanguage(text: string): Language | null {
  const words = prose(text);
  const letters = words.match(/\p{L}/gu)?.length ?? 0;
  const wordCount = words.match(/\p{L}+/gu)?.length ?? 0;
  if (wordCount < MIN_WORDS || letters < MIN_LETTERS) return null;
  const [best, second] = detectAll(words, { only: [...LANGUAGES] });
  if (!best || !isLanguage(best.lang) || best.accuracy <= 0) return null;
  if (second && best.accuracy < second.accuracy * MIN_LEAD) return null;
  return best.lang;
}
