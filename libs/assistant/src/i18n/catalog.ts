import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { it } from './it';
import type { Language } from './languages';

/** Every text the patient can see; French (fr.ts) defines the keys, the other catalogs must match them exactly. */
export type MessageKey = keyof typeof fr;

export type MessageParams = Readonly<Record<string, string | number>>;

export const CATALOGS: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = { fr, en, de, it, es };

export const MESSAGE_KEYS: readonly MessageKey[] = Object.keys(fr) as MessageKey[];

/**
 * WhatsApp's length limits on interactive titles, found by the key's suffix: a reply button's
 * title, a list's button text, a list row's title and a row's description.
 */
const TITLE_LIMITS: readonly { suffix: string; max: number }[] = [
  { suffix: '.list_button', max: 20 },
  { suffix: '.button', max: 20 },
  { suffix: '.row_desc', max: 72 },
  { suffix: '.row', max: 24 },
];

/** The WhatsApp limit a key's text must respect, or null for ordinary message text (4096). */
export function titleLimit(key: MessageKey): number | null {
  return TITLE_LIMITS.find((limit) => key.endsWith(limit.suffix))?.max ?? null;
}

/** The placeholder names of a template, in order of appearance: '{date} à {time}' → ['date', 'time']. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1]);
}

/** A text asked for without one of its placeholders: a programming error, never shown as "{name}" to a patient. */
export class MissingMessageParamError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly param: string,
  ) {
    super(`Message "${key}" needs the parameter "${param}"`);
    this.name = 'MissingMessageParamError';
  }
}

const PLACEHOLDER = /\{(\w+)\}/g;

/** The text of `key` in `lang` with its `{name}` placeholders replaced; throws MissingMessageParamError if one is missing. */
export function t(lang: Language, key: MessageKey, params: MessageParams = {}): string {
  return CATALOGS[lang][key].replace(PLACEHOLDER, (_match, name: string) => {
    if (!Object.hasOwn(params, name)) throw new MissingMessageParamError(key, name);
    return String(params[name]);
  });
}
