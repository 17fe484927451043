import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import * as agenda from './areas/agenda';
import * as patients from './areas/patients';
import * as practitioners from './areas/practitioners';
import * as superadmin from './areas/superadmin';
import { en } from './en';
import { fr } from './fr';

/** Each area's texts under its own key (`t('practitioners.title')`), beside the shared ones. */
const areas = { agenda, patients, practitioners, superadmin };
const catalog = (language: 'fr' | 'en') => ({
  ...(language === 'fr' ? fr : en),
  ...Object.fromEntries(Object.entries(areas).map(([name, texts]) => [name, texts[language]])),
});

export const LANGUAGES = ['fr', 'en'] as const;
export type UiLanguage = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'sophie.language';

function initialLanguage(): UiLanguage {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'en' ? 'en' : 'fr';
}

void i18n.use(initReactI18next).init({
  resources: { fr: { translation: catalog('fr') }, en: { translation: catalog('en') } },
  lng: initialLanguage(),
  fallbackLng: 'fr',
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Switches the dashboard's language (French by default) and remembers it on this device. */
export function setLanguage(language: UiLanguage): void {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
  void i18n.changeLanguage(language);
}

document.documentElement.lang = initialLanguage();

export default i18n;
