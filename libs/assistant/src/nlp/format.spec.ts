import { formatDate, formatLocalDate, formatShortDate, formatTime, truncate } from './format';

const PARIS = 'Europe/Paris';
/** Monday 23 November 2026, 14:00 in Paris (UTC+1). */
const MONDAY_2PM = new Date('2026-11-23T13:00:00Z');

describe(formatDate.name, () => {
  it.each([
    ['fr', 'lundi 23 novembre'],
    ['en', 'Monday 23 November'],
    ['de', 'Montag, 23. November'],
    ['it', 'lunedì 23 novembre'],
    ['es', 'lunes 23 de noviembre'],
  ] as const)('writes the day in %s as "%s"', (lang, expected) => {
    expect(formatDate(MONDAY_2PM, PARIS, lang)).toBe(expected);
  });

  it('gives the day in the clinic’s zone, not in UTC', () => {
    // 23:30 UTC on Sunday 22 November is already Monday in Paris.
    expect(formatDate(new Date('2026-11-22T23:30:00Z'), PARIS, 'en')).toBe('Monday 23 November');
  });

  it('gives the day in a zone behind UTC', () => {
    expect(formatDate(new Date('2026-11-23T03:00:00Z'), 'America/New_York', 'en')).toBe('Sunday 22 November');
  });

  it('rejects an unknown zone', () => {
    expect(() => formatDate(MONDAY_2PM, 'Nowhere/Town', 'fr')).toThrow(RangeError);
  });
});

describe(formatShortDate.name, () => {
  it.each([
    ['fr', 'lun. 23 nov.'],
    ['en', 'Mon 23 Nov'],
    ['de', 'Mo., 23. Nov.'],
    ['it', 'lun 23 nov'],
    ['es', 'lun 23 nov'],
  ] as const)('abbreviates the day in %s as "%s"', (lang, expected) => {
    expect(formatShortDate(MONDAY_2PM, PARIS, lang)).toBe(expected);
  });
});

describe(formatTime.name, () => {
  it.each(['fr', 'en', 'de', 'it', 'es'] as const)('writes 24-hour time in %s', (lang) => {
    expect(formatTime(MONDAY_2PM, PARIS, lang)).toBe('14:00');
  });

  it('pads morning hours', () => {
    expect(formatTime(new Date('2026-11-23T08:05:00Z'), PARIS, 'en')).toBe('09:05');
  });

  it('reads summer time before the autumn change (UTC+2)', () => {
    expect(formatTime(new Date('2026-10-24T08:00:00Z'), PARIS, 'fr')).toBe('10:00');
  });

  it('reads winter time after the autumn change (UTC+1)', () => {
    expect(formatTime(new Date('2026-10-25T08:00:00Z'), PARIS, 'fr')).toBe('09:00');
  });

  it('reads summer time on the day of the spring change', () => {
    // Sunday 29 March 2026: 02:00 becomes 03:00; 01:30 UTC is 03:30 local.
    expect(formatTime(new Date('2026-03-29T01:30:00Z'), PARIS, 'de')).toBe('03:30');
  });

  it('tells apart the two occurrences of the repeated hour in autumn', () => {
    // Sunday 25 October 2026: 02:30 local happens at 00:30 UTC (summer) and at 01:30 UTC (winter).
    expect([formatTime(new Date('2026-10-25T00:30:00Z'), PARIS, 'fr'), formatTime(new Date('2026-10-25T01:30:00Z'), PARIS, 'fr')]).toEqual(['02:30', '02:30']);
  });

  it('gives the date across the autumn change in the clinic’s zone', () => {
    expect(formatDate(new Date('2026-10-24T22:30:00Z'), PARIS, 'fr')).toBe('dimanche 25 octobre');
  });
});

describe(formatLocalDate.name, () => {
  it('writes a local calendar date like formatDate', () => {
    expect(formatLocalDate('2026-11-23', 'de')).toBe('Montag, 23. November');
  });

  it('rejects what is not a calendar date', () => {
    expect(() => formatLocalDate('2026-02-30', 'fr')).toThrow(RangeError);
  });
});

describe(truncate.name, () => {
  it('keeps a text that fits', () => {
    expect(truncate('Détartrage', 24)).toBe('Détartrage');
  });

  it('cuts a long text to the limit with an ellipsis', () => {
    const cut = truncate('Consultation de contrôle orthodontique', 24);
    expect([cut, cut.length]).toEqual(['Consultation de contrôl…', 24]);
  });

  it('never splits an emoji in two', () => {
    expect(truncate('Soins 🦷🦷🦷', 8)).toBe('Soins…');
  });

  it('collapses spaces before measuring', () => {
    expect(truncate('  Dr   Martin  ', 20)).toBe('Dr Martin');
  });
});
