import type { EngineResult } from '../engine/engine-types';
import type { Turn } from '../engine/turn';
import { LANGUAGE_NAMES, LANGUAGES, isLanguage } from '../i18n/languages';

export const MENU = {
  book: 'menu:book',
  appointments: 'menu:appointments',
  info: 'menu:info',
  staff: 'menu:staff',
  language: 'menu:language',
} as const;

/** The main menu as an interactive list, optionally after the greeting. */
export async function showMenu(turn: Turn, greet: boolean): Promise<EngineResult> {
  if (greet) {
    const firstName = turn.patientId ? await turn.ports.patientFirstName(turn.patientId) : null;
    turn.say(turn.t('menu.greeting', { name: firstName ? ` ${firstName}` : '', clinic: turn.clinic.name }));
  }
  turn.list(turn.t('menu.body'), turn.t('menu.list_button'), [
    { id: MENU.book, title: turn.t('menu.book.row'), description: turn.t('menu.book.row_desc') },
    { id: MENU.appointments, title: turn.t('menu.appointments.row'), description: turn.t('menu.appointments.row_desc') },
    { id: MENU.info, title: turn.t('menu.info.row'), description: turn.t('menu.info.row_desc') },
    { id: MENU.staff, title: turn.t('menu.staff.row'), description: turn.t('menu.staff.row_desc') },
    { id: MENU.language, title: turn.t('menu.language.row'), description: turn.t('menu.language.row_desc') },
  ]);
  return turn.done('MENU', {});
}

/** "Sorry, I didn't understand" and the menu: never silence. */
export function notUnderstood(turn: Turn): Promise<EngineResult> {
  turn.say(turn.t('common.not_understood'));
  return showMenu(turn, false);
}

/** The clinic's information (the seed's fields), the lines it has. */
export function clinicInfo(turn: Turn): EngineResult {
  const { clinic } = turn;
  const lines = [turn.t('info.title', { clinic: clinic.name })];
  if (clinic.address) lines.push(turn.t('info.address', { address: clinic.address }));
  if (clinic.phone) lines.push(turn.t('info.phone', { phone: clinic.phone }));
  if (clinic.email) lines.push(turn.t('info.email', { email: clinic.email }));
  if (clinic.website) lines.push(turn.t('info.website', { website: clinic.website }));
  if (clinic.openingHours) lines.push(turn.t('info.hours', { hours: clinic.openingHours }));
  turn.say(lines.join('\n'));
  if (clinic.onboardingFormUrl) turn.say(turn.t('info.form', { url: clinic.onboardingFormUrl }));
  turn.say(turn.t('common.back_to_menu'));
  return turn.done('IDLE', {});
}

/** Hands the conversation to the clinic's team; the assistant goes quiet. */
export function handOff(turn: Turn): EngineResult {
  turn.handoff = true;
  turn.say(turn.t('handoff.started'));
  return turn.done('IDLE', {});
}

export function chooseLanguage(turn: Turn): EngineResult {
  turn.list(
    turn.t('language.choose'),
    turn.t('language.list_button'),
    LANGUAGES.map((language) => ({ id: `lang:${language}`, title: LANGUAGE_NAMES[language] })),
  );
  return turn.done('LANGUAGE', {});
}

/** A tap on a language (any time): speak it from now on. */
export async function setLanguage(turn: Turn, choice: string): Promise<EngineResult | null> {
  const language = choice.slice('lang:'.length);
  if (!isLanguage(language)) return null;
  turn.language = language;
  turn.languageChosen = true;
  turn.say(turn.t('language.set'));
  return showMenu(turn, false);
}
