import { toE164 } from './phone';

describe('toE164', () => {
  it.each([
    ['06 12 34 56 78', 'FR', '+33612345678'],
    ['+33 6 12 34 56 78', 'FR', '+33612345678'],
    ['0033612345678', 'FR', '+33612345678'],
    ['079 123 45 67', 'CH', '+41791234567'],
    ['+41 79 123 45 67', 'FR', '+41791234567'],
  ])('reads %s (default %s) as %s', (input, country, expected) => {
    expect(toE164(input, country)).toBe(expected);
  });

  it.each(['12', 'not a number', '+33 6 12', '06 12 34 56 78 90 12'])('refuses %s', (input) => {
    expect(toE164(input, 'FR')).toBeNull();
  });
});
