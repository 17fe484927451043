/**
 * The form in which the keyword lexicons match: lower case, accents removed, ligatures opened,
 * every run of non-letters/digits (punctuation, apostrophes, emoji) turned into one space.
 * "Je n’arrive PAS à respirer !" → "je n arrive pas a respirer"; "Überspringen" → "uberspringen".
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The normalized text's words. */
export function wordsOf(text: string): string[] {
  const normalized = normalizeText(text);
  return normalized === '' ? [] : normalized.split(' ');
}
