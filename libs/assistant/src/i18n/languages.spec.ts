import { DEFAULT_LANGUAGE, LANGUAGES, LANGUAGE_NAMES, isLanguage } from './languages';

describe(isLanguage.name, () => {
  it.each(LANGUAGES)('accepts %s', (lang) => {
    expect(isLanguage(lang)).toBe(true);
  });

  it.each(['pt', 'FR', 'fr-FR', '', 42, null, undefined])('refuses %p', (value) => {
    expect(isLanguage(value)).toBe(false);
  });
});

describe('languages', () => {
  it('default to French', () => {
    expect(DEFAULT_LANGUAGE).toBe('fr');
  });

  it('name each language in itself', () => {
    expect(LANGUAGE_NAMES).toEqual({ fr: 'Français', en: 'English', de: 'Deutsch', it: 'Italiano', es: 'Español' });
  });
});
