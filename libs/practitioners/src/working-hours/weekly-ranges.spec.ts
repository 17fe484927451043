import { QueryFailedError } from 'typeorm';
import { DomainError } from '@sophie/common';
import { checkWeeklyRanges, isOverlapViolation } from './weekly-ranges';

function codeOf(work: () => unknown): string | undefined {
  try {
    work();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'not a DomainError';
  }
  return undefined;
}

describe('checkWeeklyRanges', () => {
  it('sorts by weekday then start and accepts ranges that touch, and 24:00', () => {
    const sorted = checkWeeklyRanges([
      { weekday: 2, start: '14:00', end: '24:00' },
      { weekday: 1, start: '14:00', end: '18:00' },
      { weekday: 1, start: '08:00', end: '14:00' },
    ]);
    expect(sorted.map((r) => `${r.weekday} ${r.start}`)).toEqual(['1 08:00', '1 14:00', '2 14:00']);
  });

  it.each([
    ['a range inside another', [{ weekday: 3, start: '08:00', end: '18:00' }, { weekday: 3, start: '10:00', end: '11:00' }]],
    ['the same range twice', [{ weekday: 3, start: '08:00', end: '12:00' }, { weekday: 3, start: '08:00', end: '12:00' }]],
    ['ranges overlapping by a minute', [{ weekday: 3, start: '12:59', end: '18:00' }, { weekday: 3, start: '08:00', end: '13:00' }]],
  ])('refuses %s', (_, ranges) => {
    expect(codeOf(() => checkWeeklyRanges(ranges))).toBe('WORKING_HOURS_OVERLAP');
  });

  it('accepts the same hours on different weekdays', () => {
    expect(codeOf(() => checkWeeklyRanges([{ weekday: 1, start: '08:00', end: '12:00' }, { weekday: 2, start: '08:00', end: '12:00' }]))).toBeUndefined();
  });

  it.each([
    ['09:00', '09:00'],
    ['18:00', '09:00'],
  ])('refuses a range from %s to %s', (start, end) => {
    expect(codeOf(() => checkWeeklyRanges([{ weekday: 1, start, end }]))).toBe('INVALID_WORKING_HOURS');
  });
});

describe('isOverlapViolation', () => {
  const failure = (code: string): QueryFailedError => new QueryFailedError('INSERT', [], Object.assign(new Error('violation'), { code }));

  it('recognises the exclusion violation (23P01) and nothing else', () => {
    expect(isOverlapViolation(failure('23P01'))).toBe(true);
    expect(isOverlapViolation(failure('23505'))).toBe(false);
    expect(isOverlapViolation(new Error('23P01'))).toBe(false);
  });
});
