import type { Language } from '../i18n/languages';
import { parseWhen, type ParsedWhen } from './parse-when';

/* Expectations are local dates and times in the clinic's zone: they hold whatever the machine's TZ (try TZ=America/Los_Angeles). */
const PARIS = 'Europe/Paris';
/** Wednesday 18 November 2026, 10:30 in Paris. */
const NOW = new Date('2026-11-18T09:30:00Z');

function when(date: string, time: string | null = null, partOfDay: ParsedWhen['partOfDay'] = null): ParsedWhen {
  return { date, time, partOfDay };
}

type Case = [text: string, lang: Language, expected: ParsedWhen];

describe(parseWhen.name, () => {
  it.each<Case>([
    ['demain 14h', 'fr', when('2026-11-19', '14:00')],
    ['demain à 14h30', 'fr', when('2026-11-19', '14:30')],
    ['lundi matin', 'fr', when('2026-11-23', null, 'morning')],
    ['mardi après-midi', 'fr', when('2026-11-24', null, 'afternoon')],
    ['mardi apres midi', 'fr', when('2026-11-24', null, 'afternoon')],
    ['le 3 décembre', 'fr', when('2026-12-03')],
    ['3/12', 'fr', when('2026-12-03')],
    ['vendredi soir', 'fr', when('2026-11-20', null, 'evening')],
    ['après-demain', 'fr', when('2026-11-20')],
    ['jeudi prochain à 17h', 'fr', when('2026-11-26', '17:00')],
    ['demain midi', 'fr', when('2026-11-19', '12:00')],
    ['Bonjour, est-ce possible lundi vers 9h ?', 'fr', when('2026-11-23', '09:00')],
  ])('reads "%s" (%s)', (text, lang, expected) => {
    expect(parseWhen(text, lang, PARIS, NOW)).toEqual(expected);
  });

  it.each<Case>([
    ['tomorrow 2pm', 'en', when('2026-11-19', '14:00')],
    ['next Monday', 'en', when('2026-11-23')],
    ['Tuesday afternoon', 'en', when('2026-11-24', null, 'afternoon')],
    ['12/3', 'en', when('2027-03-12')],
    ['the day after tomorrow', 'en', when('2026-11-20')],
    ['Friday at 3', 'en', when('2026-11-20', '15:00')],
  ])('reads "%s" (%s)', (text, lang, expected) => {
    expect(parseWhen(text, lang, PARIS, NOW)).toEqual(expected);
  });

  it.each<Case>([
    ['morgen 14 Uhr', 'de', when('2026-11-19', '14:00')],
    ['Montag Vormittag', 'de', when('2026-11-23', null, 'morning')],
    ['morgen früh', 'de', when('2026-11-19', null, 'morning')],
    ['am 3.12.', 'de', when('2026-12-03')],
    ['übermorgen', 'de', when('2026-11-20')],
    ['Geht es am Freitag um 15 Uhr?', 'de', when('2026-11-20', '15:00')],
  ])('reads "%s" (%s)', (text, lang, expected) => {
    expect(parseWhen(text, lang, PARIS, NOW)).toEqual(expected);
  });

  it.each<Case>([
    ['domani alle 10', 'it', when('2026-11-19', '10:00')],
    ['lunedì mattina', 'it', when('2026-11-23', null, 'morning')],
    ['martedì pomeriggio', 'it', when('2026-11-24', null, 'afternoon')],
    ['3 dicembre', 'it', when('2026-12-03')],
    ['domani 10h', 'it', when('2026-11-19', '10:00')],
  ])('reads "%s" (%s)', (text, lang, expected) => {
    expect(parseWhen(text, lang, PARIS, NOW)).toEqual(expected);
  });

  it.each<Case>([
    ['mañana por la tarde', 'es', when('2026-11-19', null, 'afternoon')],
    ['mañana por la mañana', 'es', when('2026-11-19', null, 'morning')],
    ['mañana', 'es', when('2026-11-19')],
    ['el lunes por la mañana', 'es', when('2026-11-23', null, 'morning')],
    ['el 3 de diciembre', 'es', when('2026-12-03')],
    ['pasado mañana', 'es', when('2026-11-20')],
    ['el viernes a las 16h', 'es', when('2026-11-20', '16:00')],
    ['el jueves a las 5 de la tarde', 'es', when('2026-11-19', '17:00')],
  ])('reads "%s" (%s)', (text, lang, expected) => {
    expect(parseWhen(text, lang, PARIS, NOW)).toEqual(expected);
  });

  it.each<Case>([
    ['le 24', 'fr', when('2026-11-24')],
    ['mardi 24', 'fr', when('2026-11-24')],
    ['lundi 23', 'fr', when('2026-11-23')],
    ['le 24 à 10h', 'fr', when('2026-11-24', '10:00')],
    ['le 1er', 'fr', when('2026-12-01')],
    ['the 24th', 'en', when('2026-11-24')],
    ['am 24.', 'de', when('2026-11-24')],
    ['martedì 24', 'it', when('2026-11-24')],
    ['el martes 24', 'es', when('2026-11-24')],
  ])('reads the day of the month without a month in "%s" (%s)', (text, lang, expected) => {
    expect(parseWhen(text, lang, PARIS, NOW)).toEqual(expected);
  });

  it('takes a day of the month already past as next month’s', () => {
    expect(parseWhen('le 10', 'fr', PARIS, NOW)).toEqual(when('2026-12-10'));
  });

  it('takes next month’s day when only it falls on the weekday named', () => {
    // 15 November 2026 is a Sunday (past anyway); 15 December 2026 is a Tuesday.
    expect(parseWhen('mardi 15', 'fr', PARIS, NOW)).toEqual(when('2026-12-15'));
  });

  it('keeps the nearest day of the month when the weekday named does not match', () => {
    // 25 November 2026 is a Wednesday, 25 December a Friday: the number wins.
    expect(parseWhen('mardi 25', 'fr', PARIS, NOW)).toEqual(when('2026-11-25'));
  });

  it('skips a month without that day', () => {
    expect(parseWhen('le 31', 'fr', PARIS, new Date('2026-11-18T09:30:00Z'))).toEqual(when('2026-12-31'));
  });

  it('leaves a day with its month to chrono', () => {
    expect(parseWhen('mardi 24 novembre', 'fr', PARIS, NOW)).toEqual(when('2026-11-24'));
  });

  it('keeps today at an hour already past (the caller decides what to offer)', () => {
    expect(parseWhen('aujourd’hui 9h', 'fr', PARIS, NOW)).toEqual(when('2026-11-18', '09:00'));
  });

  it('rolls a bare hour already past to tomorrow, as chrono does', () => {
    expect(parseWhen('9h', 'fr', PARIS, NOW)).toEqual(when('2026-11-19', '09:00'));
  });

  it('takes a weekday that is today as today', () => {
    expect(parseWhen('mercredi', 'fr', PARIS, NOW)).toEqual(when('2026-11-18'));
  });

  it('rolls a date already past this year to next year', () => {
    expect(parseWhen('le 3 mars', 'fr', PARIS, NOW)).toEqual(when('2027-03-03'));
  });

  it('gives a bare part of the day today', () => {
    expect(parseWhen('ce soir', 'fr', PARIS, NOW)).toEqual(when('2026-11-18', null, 'evening'));
  });

  it('reads another language’s words when the conversation’s language finds nothing', () => {
    expect(parseWhen('tomorrow 2pm', 'fr', PARIS, NOW)).toEqual(when('2026-11-19', '14:00'));
  });

  it.each(['bonjour', 'oui', '2', 'le plus tôt possible', 'merci beaucoup', ''])('finds nothing in "%s"', (text) => {
    expect(parseWhen(text, 'fr', PARIS, NOW)).toBeNull();
  });

  it('counts "tomorrow" from the clinic’s date, not the machine’s or UTC’s', () => {
    // 23:30 UTC on the 18th is already 00:30 on the 19th in Paris, still 15:30 on the 18th in Los Angeles.
    const lateUtc = new Date('2026-11-18T23:30:00Z');
    expect(parseWhen('demain', 'fr', PARIS, lateUtc)?.date).toBe('2026-11-20');
  });

  it('counts "tomorrow" in a zone behind UTC from that zone’s date', () => {
    const lateUtc = new Date('2026-11-18T23:30:00Z');
    expect(parseWhen('tomorrow', 'en', 'America/Los_Angeles', lateUtc)?.date).toBe('2026-11-19');
  });

  it('reads an hour as wall-clock time on the day clocks change', () => {
    // Sunday 29 March 2026: Paris springs forward at 02:00; "now" is Saturday 28th, 11:00.
    expect(parseWhen('demain 14h', 'fr', PARIS, new Date('2026-03-28T10:00:00Z'))).toEqual(when('2026-03-29', '14:00'));
  });

  it('rejects an unknown time zone', () => {
    expect(() => parseWhen('demain', 'fr', 'Mars/Olympus', NOW)).toThrow(RangeError);
  });
});
