import { parseBirthDate } from './parse-birth-date';

const TODAY = '2026-11-18';

describe(parseBirthDate.name, () => {
  it.each([
    ['24/03/1985', '1985-03-24'],
    ['24.03.1985', '1985-03-24'],
    ['24-03-1985', '1985-03-24'],
    ['24 03 1985', '1985-03-24'],
    ['1985-03-24', '1985-03-24'],
    ['4/3/1985', '1985-03-04'],
    ['24 mars 1985', '1985-03-24'],
    ['1er mars 1985', '1985-03-01'],
    ['24 March 1985', '1985-03-24'],
    ['March 24, 1985', '1985-03-24'],
    ['24. März 1985', '1985-03-24'],
    ['24 marzo 1985', '1985-03-24'],
    ['24 de marzo de 1985', '1985-03-24'],
    ['24 févr. 1985', '1985-02-24'],
    ['Je suis née le 24/03/1985', '1985-03-24'],
  ])('reads "%s" as %s', (text, expected) => {
    expect(parseBirthDate(text, TODAY)).toBe(expected);
  });

  it('reads numbers day first, as in Europe', () => {
    expect(parseBirthDate('03/04/1990', TODAY)).toBe('1990-04-03');
  });

  it('reads a two-digit year in the last hundred years', () => {
    expect([parseBirthDate('24/03/85', TODAY), parseBirthDate('24/03/15', TODAY)]).toEqual(['1985-03-24', '2015-03-24']);
  });

  it.each(['31/02/1985', '29/02/2023', '32/01/1990', '12/13/1990', '31 avril 1990'])('rejects the impossible date "%s"', (text) => {
    expect(parseBirthDate(text, TODAY)).toBeNull();
  });

  it('accepts 29 February in a leap year', () => {
    expect(parseBirthDate('29/02/2024', TODAY)).toBe('2024-02-29');
  });

  it('rejects a date after today', () => {
    expect(parseBirthDate('19/11/2026', TODAY)).toBeNull();
  });

  it('accepts today (a newborn)', () => {
    expect(parseBirthDate('18/11/2026', TODAY)).toBe('2026-11-18');
  });

  it('rejects a year before 1900', () => {
    expect(parseBirthDate('31/12/1899', TODAY)).toBeNull();
  });

  it('accepts 1 January 1900', () => {
    expect(parseBirthDate('01/01/1900', TODAY)).toBe('1900-01-01');
  });

  it.each(['', 'je ne sais pas', '1985', 'mars 1985', '24 machin 1985', '24/03'])('finds no date in "%s"', (text) => {
    expect(parseBirthDate(text, TODAY)).toBeNull();
  });
});
