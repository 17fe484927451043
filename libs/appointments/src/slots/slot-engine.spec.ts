import { anyPractitionerSlots, computeSlots, localDayClosure, localPeriodClosure, type IsoWeekday, type Slot } from './slot-engine';
import { ALL_WEEK, at, hours, local, on, PARIS, query, slotsOf, startsOf, window, type Overrides } from './slot-engine.spec-helpers';

/* The slot engine's rules on ordinary days (Europe/Paris, June 2026); DST and other zones: slot-engine.time-zones.spec.ts. */

describe('computeSlots: working hours', () => {
  it('offers the grid of a Monday range on that Monday', () => {
    expect(startsOf({ workingHours: hours([1], '09:00', '11:00') })).toEqual(on('2026-06-01', '+02:00', '09:00', '09:30', '10:00', '10:30'));
  });

  it('offers nothing on Tuesday for a Monday-only schedule', () => {
    expect(startsOf({ range: window('2026-06-02T00:00', '2026-06-03T00:00') })).toEqual([]);
  });

  it('offers only the Monday of a Monday-to-Wednesday window for a Monday-only schedule', () => {
    const starts = startsOf({ workingHours: hours([1], '09:00', '10:00'), range: window('2026-06-01T00:00', '2026-06-04T00:00') });
    expect(starts).toEqual(on('2026-06-01', '+02:00', '09:00', '09:30'));
  });

  it('offers no slot whose appointment overlaps the break between two ranges of a day', () => {
    const starts = startsOf({
      workingHours: [...hours([1], '09:00', '10:00'), ...hours([1], '10:30', '12:00')],
      settings: { slotIntervalMinutes: 15 },
      treatment: { durationMinutes: 45 },
    });
    expect(starts).toEqual(on('2026-06-01', '+02:00', '09:00', '09:15', '10:30', '10:45', '11:00', '11:15'));
  });

  it('steps the grid by the slot interval, not by the treatment duration', () => {
    const slots = slotsOf({ workingHours: hours([1], '09:00', '10:30'), settings: { slotIntervalMinutes: 15 }, treatment: { durationMinutes: 40 } });
    expect(slots.map((slot) => `${local(slot.start)} -> ${local(slot.end)}`)).toEqual([
      '2026-06-01T09:00+02:00 -> 2026-06-01T09:40+02:00',
      '2026-06-01T09:15+02:00 -> 2026-06-01T09:55+02:00',
      '2026-06-01T09:30+02:00 -> 2026-06-01T10:10+02:00',
      '2026-06-01T09:45+02:00 -> 2026-06-01T10:25+02:00',
    ]);
  });

  it('offers a last slot ending exactly at the range end', () => {
    const slots = slotsOf({ workingHours: hours([1], '09:00', '10:00') });
    expect(local(slots[slots.length - 1].end)).toBe('2026-06-01T10:00+02:00');
    expect(slots).toHaveLength(2);
  });

  it('offers no slot that would end after the range end', () => {
    const starts = startsOf({ workingHours: hours([1], '09:00', '10:00'), settings: { slotIntervalMinutes: 20 }, treatment: { durationMinutes: 25 } });
    expect(starts).toEqual(on('2026-06-01', '+02:00', '09:00', '09:20'));
  });

  it('anchors the grid at the range start', () => {
    expect(startsOf({ workingHours: hours([1], '09:10', '10:10') })).toEqual(on('2026-06-01', '+02:00', '09:10', '09:40'));
  });

  it('merges touching ranges of a weekday into one, so an appointment may run across the seam', () => {
    const starts = startsOf({ workingHours: [...hours([1], '10:00', '11:00'), ...hours([1], '09:00', '10:00')], treatment: { durationMinutes: 60 } });
    expect(starts).toEqual(on('2026-06-01', '+02:00', '09:00', '09:30', '10:00'));
  });

  it('accepts 24:00 as the end of a range (the next local midnight)', () => {
    const starts = startsOf({ workingHours: hours([1], '22:00', '24:00'), settings: { slotIntervalMinutes: 60 }, treatment: { durationMinutes: 60 } });
    expect(starts).toEqual(on('2026-06-01', '+02:00', '22:00', '23:00'));
  });
});

describe('computeSlots: buffers', () => {
  const grid15 = { slotIntervalMinutes: 15 };

  it('keeps the buffer before inside the working range', () => {
    const starts = startsOf({ workingHours: hours([1], '09:00', '11:00'), settings: grid15, treatment: { bufferBeforeMinutes: 15 } });
    expect(starts).toEqual(on('2026-06-01', '+02:00', '09:15', '09:30', '09:45', '10:00', '10:15', '10:30'));
  });

  it('keeps the buffer after inside the working range', () => {
    const starts = startsOf({ workingHours: hours([1], '09:00', '11:00'), settings: grid15, treatment: { bufferAfterMinutes: 15 } });
    expect(starts).toEqual(on('2026-06-01', '+02:00', '09:00', '09:15', '09:30', '09:45', '10:00', '10:15'));
  });

  it('lets busy time without buffers block only itself', () => {
    const starts = startsOf({ settings: grid15, busy: [{ start: at('2026-06-01T10:00'), end: at('2026-06-01T10:30') }] });
    expect(starts).toEqual(on('2026-06-01', '+02:00', '09:00', '09:15', '09:30', '10:30', '10:45', '11:00', '11:15', '11:30'));
  });

  it("blocks an existing appointment's own buffers before and after it", () => {
    const busy = [{ start: at('2026-06-01T10:00'), end: at('2026-06-01T10:30'), bufferBeforeMinutes: 10, bufferAfterMinutes: 20 }];
    expect(startsOf({ settings: grid15, busy })).toEqual(on('2026-06-01', '+02:00', '09:00', '09:15', '11:00', '11:15', '11:30'));
  });

  it("keeps the treatment's buffers off an existing appointment", () => {
    const starts = startsOf({
      settings: grid15,
      treatment: { bufferBeforeMinutes: 10, bufferAfterMinutes: 10 },
      busy: [{ start: at('2026-06-01T10:00'), end: at('2026-06-01T10:30') }],
    });
    expect(starts).toEqual(on('2026-06-01', '+02:00', '09:15', '10:45', '11:00', '11:15'));
  });

  it('allows back-to-back appointments (half-open intervals)', () => {
    const starts = startsOf({ workingHours: hours([1], '09:00', '11:00'), busy: [{ start: at('2026-06-01T10:00'), end: at('2026-06-01T10:30') }] });
    expect(starts).toEqual(on('2026-06-01', '+02:00', '09:00', '09:30', '10:30'));
  });

  it("allows a slot right after an existing appointment's buffer after", () => {
    const busy = [{ start: at('2026-06-01T09:00'), end: at('2026-06-01T09:30'), bufferAfterMinutes: 30 }];
    expect(startsOf({ workingHours: hours([1], '09:00', '11:00'), busy })).toEqual(on('2026-06-01', '+02:00', '10:00', '10:30'));
  });
});

describe('computeSlots: closures', () => {
  const mondayToFriday = window('2026-06-01T00:00', '2026-06-06T00:00');

  it('offers nothing on a whole-day closure', () => {
    const starts = startsOf({
      workingHours: hours([1, 2], '09:00', '10:00'),
      range: mondayToFriday,
      closures: [localDayClosure('2026-06-01', PARIS)],
    });
    expect(starts).toEqual(on('2026-06-02', '+02:00', '09:00', '09:30'));
  });

  it('offers the rest of the day around a part-day closure, back to back with it', () => {
    const starts = startsOf({ workingHours: hours([1], '09:00', '11:00'), closures: [localDayClosure('2026-06-01', PARIS, '09:30', '10:30')] });
    expect(starts).toEqual(on('2026-06-01', '+02:00', '09:00', '10:30'));
  });

  it('offers nothing during a multi-day closure of whole days', () => {
    const starts = startsOf({
      workingHours: hours([1, 2, 3, 4], '09:00', '10:00'),
      settings: { slotIntervalMinutes: 60 },
      treatment: { durationMinutes: 60 },
      range: mondayToFriday,
      closures: [localPeriodClosure({ startsOn: '2026-06-01', endsOn: '2026-06-03', startTime: null, endTime: null }, PARIS)],
    });
    expect(starts).toEqual(on('2026-06-04', '+02:00', '09:00'));
  });

  it('offers the hours before and after a multi-day closure with times', () => {
    const starts = startsOf({
      workingHours: hours([1, 2, 3], '09:00', '11:00'),
      range: mondayToFriday,
      closures: [localPeriodClosure({ startsOn: '2026-06-01', endsOn: '2026-06-03', startTime: '10:00', endTime: '09:30' }, PARIS)],
    });
    expect(starts).toEqual([...on('2026-06-01', '+02:00', '09:00', '09:30'), ...on('2026-06-03', '+02:00', '09:30', '10:00', '10:30')]);
  });
});

describe('computeSlots: busy time and closures together', () => {
  it('checks every slot against closures and unsorted, overlapping busy intervals', () => {
    const starts = startsOf({
      settings: { slotIntervalMinutes: 15 },
      busy: [
        { start: at('2026-06-01T10:45'), end: at('2026-06-01T11:00') },
        { start: at('2026-06-01T09:00'), end: at('2026-06-01T09:45') },
        { start: at('2026-06-01T09:15'), end: at('2026-06-01T09:30') },
      ],
      closures: [localDayClosure('2026-06-01', PARIS, '10:00', '10:15')],
    });
    expect(starts).toEqual(on('2026-06-01', '+02:00', '10:15', '11:00', '11:15', '11:30'));
  });
});

describe('computeSlots: minimum notice and horizon', () => {
  const everyDay = hours(ALL_WEEK, '09:00', '10:00');
  const aWeek = window('2026-06-01T00:00', '2026-06-08T00:00');
  const hourly = { slotIntervalMinutes: 60 };

  it('offers no slot starting before now + minimum notice', () => {
    const starts = startsOf({ now: at('2026-06-01T08:50'), settings: { minimumNoticeMinutes: 60 } });
    expect(starts).toEqual(on('2026-06-01', '+02:00', '10:00', '10:30', '11:00', '11:30'));
  });

  it('offers a slot starting exactly at now + minimum notice', () => {
    const starts = startsOf({ now: at('2026-06-01T08:30'), settings: { minimumNoticeMinutes: 60 } });
    expect(starts).toEqual(on('2026-06-01', '+02:00', '09:30', '10:00', '10:30', '11:00', '11:30'));
  });

  it('offers slots up to and including the local date today + horizonDays', () => {
    const starts = startsOf({ workingHours: everyDay, range: aWeek, now: at('2026-06-01T15:00'), settings: { ...hourly, horizonDays: 2 } });
    expect(starts).toEqual([...on('2026-06-02', '+02:00', '09:00'), ...on('2026-06-03', '+02:00', '09:00')]);
  });

  it('offers today only with horizonDays 0', () => {
    const starts = startsOf({ workingHours: everyDay, range: aWeek, now: at('2026-06-01T08:00'), settings: { ...hourly, horizonDays: 0 } });
    expect(starts).toEqual(on('2026-06-01', '+02:00', '09:00'));
  });

  it('counts the horizon in calendar days of the zone, even late in the evening', () => {
    const lateHours = [...everyDay, ...hours(ALL_WEEK, '23:00', '24:00')];
    const starts = startsOf({ workingHours: lateHours, range: aWeek, now: at('2026-06-01T23:30'), settings: { ...hourly, horizonDays: 1 } });
    expect(starts).toEqual(on('2026-06-02', '+02:00', '09:00', '23:00'));
  });

  it('counts the horizon in calendar days across a DST change', () => {
    const lateHours = [...everyDay, ...hours(ALL_WEEK, '23:00', '24:00')];
    const starts = startsOf({
      workingHours: lateHours,
      range: window('2026-03-28T00:00', '2026-04-04T00:00'),
      now: at('2026-03-28T12:00'),
      settings: { ...hourly, horizonDays: 2 },
    });
    expect(starts).toEqual([
      ...on('2026-03-28', '+01:00', '23:00'),
      ...on('2026-03-29', '+02:00', '09:00', '23:00'),
      ...on('2026-03-30', '+02:00', '09:00', '23:00'),
    ]);
  });
});

describe('computeSlots: asked range', () => {
  it('offers only starts in [from, to), a slot may end after to', () => {
    const slots = slotsOf({ range: window('2026-06-01T09:30', '2026-06-01T10:15') });
    expect(slots.map((slot) => `${local(slot.start)} -> ${local(slot.end)}`)).toEqual([
      '2026-06-01T09:30+02:00 -> 2026-06-01T10:00+02:00',
      '2026-06-01T10:00+02:00 -> 2026-06-01T10:30+02:00',
    ]);
  });

  it('excludes a start equal to to', () => {
    expect(startsOf({ range: window('2026-06-01T09:00', '2026-06-01T10:00') })).toEqual(on('2026-06-01', '+02:00', '09:00', '09:30'));
  });

  it('keeps the grid of the working range when from is off the grid', () => {
    expect(startsOf({ range: window('2026-06-01T10:40', '2026-06-02T00:00') })).toEqual(on('2026-06-01', '+02:00', '11:00', '11:30'));
  });

  it('offers nothing for an empty asked range', () => {
    expect(startsOf({ range: window('2026-06-01T09:00', '2026-06-01T09:00') })).toEqual([]);
  });
});

describe('anyPractitionerSlots', () => {
  const slot = (start: string, minutes: number): Slot => ({ start: at(start), end: new Date(at(start).getTime() + minutes * 60_000) });

  it('merges practitioners into distinct starts, listing who is free and the latest end', () => {
    const merged = anyPractitionerSlots([
      { practitionerId: 'anna', slots: [slot('2026-06-01T09:00', 30), slot('2026-06-01T09:30', 30)] },
      { practitionerId: 'ben', slots: [slot('2026-06-01T09:30', 45), slot('2026-06-01T10:00', 45)] },
    ]);
    expect(merged.map((m) => `${local(m.start)} -> ${local(m.end)} ${m.practitionerIds.join(',')}`)).toEqual([
      '2026-06-01T09:00+02:00 -> 2026-06-01T09:30+02:00 anna',
      '2026-06-01T09:30+02:00 -> 2026-06-01T10:15+02:00 anna,ben',
      '2026-06-01T10:00+02:00 -> 2026-06-01T10:45+02:00 ben',
    ]);
  });

  it('lists the practitioners in the order given, each once, and sorts by start', () => {
    const merged = anyPractitionerSlots([
      { practitionerId: 'ben', slots: [slot('2026-06-01T10:00', 30)] },
      { practitionerId: 'anna', slots: [slot('2026-06-01T10:00', 30), slot('2026-06-01T09:00', 30)] },
      { practitionerId: 'ben', slots: [slot('2026-06-01T10:00', 30)] },
    ]);
    expect(merged.map((m) => [local(m.start), m.practitionerIds])).toEqual([
      ['2026-06-01T09:00+02:00', ['anna']],
      ['2026-06-01T10:00+02:00', ['ben', 'anna']],
    ]);
  });

  it('merges computeSlots answers of practitioners busy at different times', () => {
    const busyAt = (time: string) => [{ start: at(`2026-06-01T${time}`), end: new Date(at(`2026-06-01T${time}`).getTime() + 30 * 60_000) }];
    const merged = anyPractitionerSlots([
      { practitionerId: 'anna', slots: slotsOf({ workingHours: hours([1], '09:00', '10:30'), busy: busyAt('09:30') }) },
      { practitionerId: 'ben', slots: slotsOf({ workingHours: hours([1], '09:00', '10:30'), busy: busyAt('09:00') }) },
    ]);
    expect(merged.map((m) => `${local(m.start)} ${m.practitionerIds.join(',')}`)).toEqual([
      '2026-06-01T09:00+02:00 anna',
      '2026-06-01T09:30+02:00 ben',
      '2026-06-01T10:00+02:00 anna,ben',
    ]);
  });

  it('returns nothing for no practitioners', () => {
    expect(anyPractitionerSlots([])).toEqual([]);
  });
});

describe('invalid input', () => {
  const period = { startsOn: '2026-06-01', endsOn: '2026-06-01', startTime: null, endTime: null };

  it.each<[string, Overrides]>([
    ['working hours ending before they start', { workingHours: hours([1], '10:00', '09:00') }],
    ['working hours ending when they start', { workingHours: hours([1], '09:00', '09:00') }],
    ['weekday 8', { workingHours: [{ weekday: 8 as number as IsoWeekday, start: '09:00', end: '10:00' }] }],
    ['weekday 0', { workingHours: [{ weekday: 0 as number as IsoWeekday, start: '09:00', end: '10:00' }] }],
    ['a time that is not HH:mm', { workingHours: hours([1], '9:00', '10:00') }],
    ['23:60 as an end', { workingHours: hours([1], '09:00', '23:60') }],
    ['24:00 as a start', { workingHours: hours([1], '24:00', '24:00') }],
    ['a closure ending before it starts', { closures: [{ start: at('2026-06-01T10:00'), end: at('2026-06-01T09:00') }] }],
    ['a busy interval ending before it starts', { busy: [{ start: at('2026-06-01T10:00'), end: at('2026-06-01T09:00') }] }],
    ['a negative buffer of busy time', { busy: [{ start: at('2026-06-01T10:00'), end: at('2026-06-01T11:00'), bufferAfterMinutes: -5 }] }],
    ['a zero slot interval', { settings: { slotIntervalMinutes: 0 } }],
    ['a fractional duration', { treatment: { durationMinutes: 30.5 } }],
    ['an invalid now', { now: new Date(Number.NaN) }],
  ])('computeSlots rejects %s with a RangeError', (_name, overrides) => {
    expect(() => computeSlots(query(overrides))).toThrow(RangeError);
  });

  it('computeSlots rejects an unknown time zone with a RangeError', () => {
    expect(() => computeSlots({ ...query(), zone: 'Europe/Atlantis' })).toThrow(RangeError);
  });

  it.each<[string, () => unknown]>([
    ['localDayClosure with an unknown zone', () => localDayClosure('2026-06-01', 'Mars/Olympus')],
    ['localDayClosure of a date that does not exist', () => localDayClosure('2026-02-30', PARIS)],
    ['localDayClosure ending before it starts', () => localDayClosure('2026-06-01', PARIS, '14:00', '12:00')],
    ['localPeriodClosure ending on an earlier date', () => localPeriodClosure({ ...period, startsOn: '2026-06-02' }, PARIS)],
    ['localPeriodClosure ending before it starts on one day', () => localPeriodClosure({ ...period, startTime: '14:00', endTime: '12:00' }, PARIS)],
    ['an empty localPeriodClosure', () => localPeriodClosure({ ...period, startTime: '12:00', endTime: '12:00' }, PARIS)],
    ['localPeriodClosure with a malformed date', () => localPeriodClosure({ ...period, endsOn: '2026-6-1' }, PARIS)],
  ])('rejects %s with a RangeError', (_name, call) => {
    expect(call).toThrow(RangeError);
  });
});
