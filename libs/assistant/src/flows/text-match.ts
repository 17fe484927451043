import { normalizeText as normalize } from '../nlp/normalize-text';

/** The item whose name (in any language) the text contains as whole words; null when none or several match. */
export function matchByName<T>(text: string, items: readonly T[], names: (item: T) => readonly string[]): T | null {
  const haystack = ` ${normalize(text)} `;
  if (haystack.trim() === '') return null;
  const found = items.filter((item) => names(item).some((name) => normalize(name) !== '' && haystack.includes(` ${normalize(name)} `)));
  return found.length === 1 ? found[0] : null;
}

/** A number the patient typed to pick the n-th offered choice ("2", "2."), 1-based. */
export function pickedNumber(text: string): number | null {
  const match = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(text);
  return match ? Number(match[1]) : null;
}
