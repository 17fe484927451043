/** A lone UTF-16 surrogate: JSON can carry one (`"\ud800"`), but it is not text, and PostgreSQL cannot store it as such. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');
const NUL = String.fromCharCode(0);

/** Whether a string holds an unpaired UTF-16 surrogate. */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** The string as PostgreSQL can store it: NUL characters removed, lone surrogates replaced by U+FFFD. */
export function storableText(text: string): string {
  return text.replaceAll(NUL, '').replace(LONE_SURROGATES, '\uFFFD');
}
