import { formatShortDate } from '../nlp/format';
import { CATALOGS, MESSAGE_KEYS, MissingMessageParamError, placeholdersOf, t, titleLimit } from './catalog';
import { LANGUAGES, LANGUAGE_NAMES, type Language } from './languages';

/** Realistic values for data placeholders in titles; the caller truncates longer names (see truncate()). */
const SAMPLE_PARAMS = { treatment: 'Détartrage', practitioner: 'Dr Martin', time: '14:00' };

/** Every short date of a year in `lang`, the longest first: list row titles hold a date and a time. */
function longestShortDate(lang: Language): string {
  const days = Array.from({ length: 366 }, (_, i) => formatShortDate(new Date(Date.UTC(2028, 0, 1 + i, 12)), 'Europe/Paris', lang));
  return days.reduce((longest, day) => (day.length > longest.length ? day : longest));
}

describe('message catalogs', () => {
  it('give every language exactly the keys of the French catalog', () => {
    for (const lang of LANGUAGES) expect(Object.keys(CATALOGS[lang]).sort()).toEqual([...MESSAGE_KEYS].sort());
  });

  it.each(LANGUAGES)('have in %s only non-empty, trimmed texts without doubled spaces', (lang) => {
    const untidy = MESSAGE_KEYS.filter((key) => {
      const text = CATALOGS[lang][key];
      return text === '' || text.trim() !== text || / {2}/.test(text);
    });
    expect(untidy).toEqual([]);
  });

  it.each(LANGUAGES)('use in %s the same placeholders as in French', (lang) => {
    const different = MESSAGE_KEYS.filter((key) => placeholdersOf(CATALOGS[lang][key]).sort().join() !== placeholdersOf(CATALOGS.fr[key]).sort().join());
    expect(different).toEqual([]);
  });

  it.each(LANGUAGES)('have no straight apostrophe or quote in %s (typographic ones only)', (lang) => {
    expect(MESSAGE_KEYS.filter((key) => /['"]/.test(CATALOGS[lang][key]))).toEqual([]);
  });

  it('name the limited keys by suffix, with the right WhatsApp limit', () => {
    expect(titleLimit('common.yes.button')).toBe(20);
    expect(titleLimit('menu.list_button')).toBe(20);
    expect(titleLimit('menu.book.row')).toBe(24);
    expect(titleLimit('menu.book.row_desc')).toBe(72);
    expect(titleLimit('menu.body')).toBeNull();
  });

  it('find limited keys of every kind', () => {
    const suffixes = new Set(MESSAGE_KEYS.filter((key) => titleLimit(key) !== null).map((key) => key.slice(key.lastIndexOf('.'))));
    expect([...suffixes].sort()).toEqual(['.button', '.list_button', '.row', '.row_desc']);
  });

  it.each(LANGUAGES)('keep every button, list button, row title and row description in %s within its WhatsApp limit', (lang) => {
    const params = { ...SAMPLE_PARAMS, date: longestShortDate(lang) };
    const tooLong = MESSAGE_KEYS.filter((key) => {
      const limit = titleLimit(key);
      return limit !== null && t(lang, key, params).length > limit;
    }).map((key) => `${key}: "${t(lang, key, params)}" (${t(lang, key, params).length} > ${titleLimit(key)})`);
    expect(tooLong).toEqual([]);
  });

  it.each(LANGUAGES)('keep the %s language name within a list row title', (lang) => {
    expect(LANGUAGE_NAMES[lang].length).toBeLessThanOrEqual(24);
  });

  it.each(LANGUAGES.filter((lang) => lang !== 'fr'))('translate the %s texts rather than copy the French ones', (lang) => {
    const sentences = MESSAGE_KEYS.filter((key) => /\p{L}+\s+\p{L}+/u.test(CATALOGS.fr[key].replace(/\{\w+\}/g, '')));
    const copied = sentences.filter((key) => CATALOGS[lang][key] === CATALOGS.fr[key]);
    expect(copied).toEqual([]);
  });
});

describe('formal address', () => {
  /** English has no familiar form to avoid. */
  const INFORMAL: Record<Exclude<Language, 'en'>, RegExp> = {
    fr: /(?<!\p{L})(?:tu|toi|ton|ta|tes|te)(?!\p{L})/iu,
    de: /(?<!\p{L})(?:du|dich|dir|dein\p{L}*)(?!\p{L})/u,
    it: /(?<!\p{L})(?:tu|ti|tuo|tua|tuoi|tue)(?!\p{L})/iu,
    es: /(?<!\p{L})(?:tú|tu|tus|te|ti|contigo)(?!\p{L})/iu,
  };

  it.each(['fr', 'de', 'it', 'es'] as const)('never uses the familiar form in %s', (lang) => {
    const familiar = MESSAGE_KEYS.filter((key) => INFORMAL[lang].test(CATALOGS[lang][key]));
    expect(familiar).toEqual([]);
  });
});

describe(t.name, () => {
  it('returns the text of the key in the language', () => {
    expect(t('en', 'menu.body')).toBe('What would you like to do?');
  });

  it('replaces every placeholder with its parameter', () => {
    expect(t('fr', 'book.summary', { treatment: 'Détartrage', practitioner: 'Dr Martin', date: 'lundi 23 novembre', time: '14:00' })).toBe(
      'Merci de vérifier : Détartrage avec Dr Martin, le lundi 23 novembre à 14:00.',
    );
  });

  it('writes numbers given as parameters', () => {
    expect(t('de', 'info.phone', { phone: 33123456789 })).toBe('📞 33123456789');
  });

  it('greets by name when the name parameter holds one', () => {
    expect(t('es', 'menu.greeting', { name: ' Marie', clinic: 'Clínica Sol' })).toBe('¡Hola Marie! Soy la asistente virtual de Clínica Sol.');
  });

  it('greets without a name when the name parameter is empty', () => {
    expect(t('fr', 'menu.greeting', { name: '', clinic: 'Cabinet du Parc' })).toBe('Bonjour ! Je suis l’assistante virtuelle de Cabinet du Parc.');
  });

  it('throws rather than show a placeholder when a parameter is missing', () => {
    expect(() => t('it', 'book.choose_slot')).toThrow(MissingMessageParamError);
  });

  it('names the key and the missing parameter in the error', () => {
    expect(() => t('fr', 'appts.cancelled', { date: 'lundi 23 novembre' })).toThrow('Message "appts.cancelled" needs the parameter "time"');
  });

  it('ignores parameters the text does not use', () => {
    expect(t('en', 'appts.kept', { date: 'Monday' })).toBe('All right, your appointment is kept.');
  });

  it('does not read inherited properties as parameters', () => {
    expect(() => t('en', 'info.title', Object.create({ clinic: 'Inherited' }) as Record<string, string>)).toThrow(MissingMessageParamError);
  });
});
