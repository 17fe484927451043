import { localDayClosure, localPeriodClosure, type Slot, type TimeInterval, type WorkingHoursRange } from './slot-engine';
import { ALL_WEEK, at, hours, local, minutesOf, on, PARIS, slotsOf, startsOf, window } from './slot-engine.spec-helpers';

/* The slot engine across DST changes and in other zones, and closures built from local dates (see slot-engine.ts, DST). */

describe.each(['Europe/Paris', 'Europe/Zurich'])('computeSlots: DST in %s', (zone) => {
  const daily = (start: string, end: string): WorkingHoursRange[] => hours(ALL_WEEK, start, end);
  const hourly = { slotIntervalMinutes: 60 };
  const oneHour = { durationMinutes: 60 };
  const nowInWinter = (): Date => at('2026-01-05T08:00', zone);

  it('keeps 09:00 local at 09:00 on the days around the spring change (the UTC hour changes)', () => {
    const slots = slotsOf({
      zone,
      now: nowInWinter(),
      range: window('2026-03-28T00:00', '2026-03-31T00:00', zone),
      workingHours: daily('09:00', '12:00'),
      settings: hourly,
      treatment: oneHour,
    });
    expect(slots.map((slot) => local(slot.start, zone))).toEqual([
      ...on('2026-03-28', '+01:00', '09:00', '10:00', '11:00'),
      ...on('2026-03-29', '+02:00', '09:00', '10:00', '11:00'),
      ...on('2026-03-30', '+02:00', '09:00', '10:00', '11:00'),
    ]);
    expect(slots.filter((_, i) => i % 3 === 0).map((slot) => slot.start.toISOString())).toEqual([
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
    ]);
  });

  it('keeps 09:00 local at 09:00 on the days around the fall change (the UTC hour changes)', () => {
    const slots = slotsOf({
      zone,
      now: nowInWinter(),
      range: window('2026-10-24T00:00', '2026-10-27T00:00', zone),
      workingHours: daily('09:00', '12:00'),
      settings: hourly,
      treatment: oneHour,
    });
    expect(slots.map((slot) => local(slot.start, zone))).toEqual([
      ...on('2026-10-24', '+02:00', '09:00', '10:00', '11:00'),
      ...on('2026-10-25', '+01:00', '09:00', '10:00', '11:00'),
      ...on('2026-10-26', '+01:00', '09:00', '10:00', '11:00'),
    ]);
    expect(slots.filter((_, i) => i % 3 === 0).map((slot) => slot.start.toISOString())).toEqual([
      '2026-10-24T07:00:00.000Z',
      '2026-10-25T08:00:00.000Z',
      '2026-10-26T08:00:00.000Z',
    ]);
  });

  describe('a night schedule (00:00–06:00) crossing the change', () => {
    const night = (date: string, durationMinutes: number, slotIntervalMinutes = 30): Slot[] =>
      slotsOf({
        zone,
        now: nowInWinter(),
        range: window(`${date}T00:00`, `${date}T12:00`, zone),
        workingHours: hours([7], '00:00', '06:00'),
        settings: { slotIntervalMinutes },
        treatment: { durationMinutes },
      });

    it('skips the missing hour of the spring change', () => {
      expect(night('2026-03-29', 30).map((slot) => local(slot.start, zone))).toEqual([
        ...on('2026-03-29', '+01:00', '00:00', '00:30', '01:00', '01:30'),
        ...on('2026-03-29', '+02:00', '03:00', '03:30', '04:00', '04:30', '05:00', '05:30'),
      ]);
    });

    it('skips a grid time of the missing hour rather than shifting it (no 03:15 on a 45-minute grid)', () => {
      expect(night('2026-03-29', 30, 45).map((slot) => local(slot.start, zone))).toEqual([
        ...on('2026-03-29', '+01:00', '00:00', '00:45', '01:30'),
        ...on('2026-03-29', '+02:00', '03:00', '03:45', '04:30', '05:15'),
      ]);
    });

    it('offers each wall-clock start of the repeated fall hour once, at its earlier occurrence', () => {
      const starts = night('2026-10-25', 30).map((slot) => local(slot.start, zone));
      expect(starts).toEqual([
        ...on('2026-10-25', '+02:00', '00:00', '00:30', '01:00', '01:30', '02:00', '02:30'),
        ...on('2026-10-25', '+01:00', '03:00', '03:30', '04:00', '04:30', '05:00', '05:30'),
      ]);
      expect(new Set(starts.map((start) => start.slice(11, 16))).size).toBe(starts.length);
    });

    it.each([
      ['2026-03-29', 10],
      ['2026-10-25', 12],
    ])('never offers two slots at the same instant on %s (%i slots)', (date, count) => {
      const instants = night(date, 30).map((slot) => slot.start.getTime());
      expect(instants).toHaveLength(count);
      expect(new Set(instants).size).toBe(count);
    });

    it('measures durations in elapsed time across the spring change', () => {
      const slots = night('2026-03-29', 60);
      const acrossTheGap = slots.find((slot) => local(slot.start, zone) === '2026-03-29T01:30+01:00');
      expect(acrossTheGap && local(acrossTheGap.end, zone)).toBe('2026-03-29T03:30+02:00');
      expect(slots.map(minutesOf)).toEqual(slots.map(() => 60));
      expect(slots).toHaveLength(9);
    });

    it('measures durations in elapsed time across the fall change', () => {
      const slots = night('2026-10-25', 60);
      const intoTheRepeat = slots.find((slot) => local(slot.start, zone) === '2026-10-25T02:30+02:00');
      expect(intoTheRepeat && local(intoTheRepeat.end, zone)).toBe('2026-10-25T02:30+01:00');
      expect(slots.map(minutesOf)).toEqual(slots.map(() => 60));
      expect(slots).toHaveLength(11);
    });
  });

  it('shifts a range start in the missing hour forward by the gap (02:30 -> 03:30)', () => {
    const starts = startsOf({
      zone,
      now: nowInWinter(),
      range: window('2026-03-29T00:00', '2026-03-30T00:00', zone),
      workingHours: hours([7], '02:30', '05:00'),
    });
    expect(starts).toEqual(on('2026-03-29', '+02:00', '03:30', '04:00', '04:30'));
  });

  it('starts a range at the earlier occurrence of an ambiguous start time', () => {
    const starts = startsOf({
      zone,
      now: nowInWinter(),
      range: window('2026-10-25T00:00', '2026-10-26T00:00', zone),
      workingHours: hours([7], '02:30', '04:00'),
    });
    expect(starts).toEqual([...on('2026-10-25', '+02:00', '02:30'), ...on('2026-10-25', '+01:00', '03:00', '03:30')]);
  });

  it('ends a range at the earlier occurrence of an ambiguous end time', () => {
    const starts = startsOf({
      zone,
      now: nowInWinter(),
      range: window('2026-10-25T00:00', '2026-10-26T00:00', zone),
      workingHours: hours([7], '01:00', '02:30'),
      treatment: oneHour,
    });
    expect(starts).toEqual(on('2026-10-25', '+02:00', '01:00', '01:30'));
  });
});

describe('computeSlots: zones changing at midnight (America/Santiago)', () => {
  const zone = 'America/Santiago';

  it('starts a Sunday range at 00:00 at 01:00 when midnight is skipped', () => {
    const starts = startsOf({
      zone,
      now: at('2026-08-01T08:00', zone),
      range: window('2026-09-06T01:00', '2026-09-07T00:00', zone),
      workingHours: hours([7], '00:00', '02:00'),
    });
    expect(starts).toEqual(on('2026-09-06', '-03:00', '01:00', '01:30'));
  });

  it('lets a Saturday range ending at 24:00 run until the first instant of Sunday when the clock goes back at midnight', () => {
    const slots = slotsOf({
      zone,
      now: at('2026-04-01T08:00', zone),
      range: window('2026-04-04T00:00', '2026-04-05T12:00', zone),
      workingHours: hours([6], '22:00', '24:00'),
      treatment: { durationMinutes: 90 },
    });
    expect(slots.map((slot) => `${local(slot.start, zone)} -> ${local(slot.end, zone)}`)).toEqual([
      '2026-04-04T22:00-03:00 -> 2026-04-04T23:30-03:00',
      '2026-04-04T22:30-03:00 -> 2026-04-04T23:00-04:00',
      '2026-04-04T23:00-03:00 -> 2026-04-04T23:30-04:00',
      '2026-04-04T23:30-03:00 -> 2026-04-05T00:00-04:00',
    ]);
  });

  it('ends the horizon at the first instant of a date whose midnight is skipped', () => {
    const starts = startsOf({
      zone,
      now: at('2026-09-05T12:00', zone),
      range: window('2026-09-05T00:00', '2026-09-08T00:00', zone),
      workingHours: [...hours([6], '22:00', '24:00'), ...hours([7], '00:00', '02:00')],
      settings: { horizonDays: 0 },
    });
    expect(starts).toEqual(on('2026-09-05', '-04:00', '22:00', '22:30', '23:00', '23:30'));
  });
});

describe.each([
  ['Asia/Tokyo', '+09:00', 0],
  ['America/Phoenix', '-07:00', 16],
])('computeSlots: %s (no DST)', (zone, offset, utcHour) => {
  it(`keeps 09:00 at 09:00${offset}, ${utcHour}:00 UTC, every day of the year`, () => {
    const slots = slotsOf({
      zone,
      now: at('2025-12-31T12:00', zone),
      range: window('2026-01-01T00:00', '2027-01-01T00:00', zone),
      workingHours: hours(ALL_WEEK, '09:00', '10:00'),
      settings: { slotIntervalMinutes: 60, horizonDays: 400 },
      treatment: { durationMinutes: 60 },
    });
    expect(slots).toHaveLength(365);
    expect(new Set(slots.map((slot) => local(slot.start, zone).slice(10)))).toEqual(new Set([`T09:00${offset}`]));
    expect(new Set(slots.map((slot) => slot.start.getUTCHours()))).toEqual(new Set([utcHour]));
  });
});

describe('localDayClosure and localPeriodClosure', () => {
  const describeInterval = (interval: TimeInterval): string => `${local(interval.start)} -> ${local(interval.end)} (${minutesOf(interval) / 60} h)`;
  const wholeDays = (startsOn: string, endsOn: string): TimeInterval => localPeriodClosure({ startsOn, endsOn, startTime: null, endTime: null }, PARIS);

  it('closes an ordinary whole day for 24 hours', () => {
    expect(describeInterval(localDayClosure('2026-06-01', PARIS))).toBe('2026-06-01T00:00+02:00 -> 2026-06-02T00:00+02:00 (24 h)');
  });

  it('closes the spring-forward day for 23 hours and the fall-back day for 25', () => {
    expect(describeInterval(localDayClosure('2026-03-29', PARIS))).toBe('2026-03-29T00:00+01:00 -> 2026-03-30T00:00+02:00 (23 h)');
    expect(describeInterval(localDayClosure('2026-10-25', PARIS))).toBe('2026-10-25T00:00+02:00 -> 2026-10-26T00:00+01:00 (25 h)');
  });

  it('closes part of a day from fromTime to toTime', () => {
    expect(describeInterval(localDayClosure('2026-06-01', PARIS, '12:00', '14:00'))).toBe('2026-06-01T12:00+02:00 -> 2026-06-01T14:00+02:00 (2 h)');
  });

  it('starts a closure at the earlier occurrence of an ambiguous time', () => {
    expect(describeInterval(localDayClosure('2026-10-25', PARIS, '02:30', '04:00'))).toBe('2026-10-25T02:30+02:00 -> 2026-10-25T04:00+01:00 (2.5 h)');
  });

  it('closes a whole DST day of a period for 23 or 25 hours', () => {
    expect(describeInterval(wholeDays('2026-03-29', '2026-03-29'))).toBe('2026-03-29T00:00+01:00 -> 2026-03-30T00:00+02:00 (23 h)');
    expect(describeInterval(wholeDays('2026-10-25', '2026-10-25'))).toBe('2026-10-25T00:00+02:00 -> 2026-10-26T00:00+01:00 (25 h)');
  });

  it('closes several whole days from the first midnight to the midnight after the last day', () => {
    expect(describeInterval(wholeDays('2026-03-28', '2026-03-30'))).toBe('2026-03-28T00:00+01:00 -> 2026-03-31T00:00+02:00 (71 h)');
  });

  it('closes no time, and does not fail, for a stored period that lies in the spring-forward gap', () => {
    const closure = localPeriodClosure({ startsOn: '2026-03-29', endsOn: '2026-03-29', startTime: '02:30', endTime: '03:15' }, PARIS);
    expect(minutesOf(closure)).toBe(0);
  });

  it('closes a part-day period', () => {
    const closure = localPeriodClosure({ startsOn: '2026-06-01', endsOn: '2026-06-01', startTime: '12:00', endTime: '14:00' }, PARIS);
    expect(describeInterval(closure)).toBe('2026-06-01T12:00+02:00 -> 2026-06-01T14:00+02:00 (2 h)');
  });

  it('closes a multi-day period with times', () => {
    const closure = localPeriodClosure({ startsOn: '2026-06-01', endsOn: '2026-06-03', startTime: '14:00', endTime: '10:00' }, PARIS);
    expect(describeInterval(closure)).toBe('2026-06-01T14:00+02:00 -> 2026-06-03T10:00+02:00 (44 h)');
  });

  it('reads an endTime of 24:00 like null', () => {
    const closure = localPeriodClosure({ startsOn: '2026-06-01', endsOn: '2026-06-01', startTime: '18:00', endTime: '24:00' }, PARIS);
    expect(describeInterval(closure)).toBe('2026-06-01T18:00+02:00 -> 2026-06-02T00:00+02:00 (6 h)');
  });

  it('gives the same interval as localDayClosure for one day', () => {
    const period = localPeriodClosure({ startsOn: '2026-10-25', endsOn: '2026-10-25', startTime: '01:00', endTime: null }, PARIS);
    expect(period).toEqual(localDayClosure('2026-10-25', PARIS, '01:00'));
  });
});
