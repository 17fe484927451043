import { Injectable } from '@nestjs/common';
import type { TimeInterval } from './slot-engine';

/** A practitioner as an external busy-time source needs them. */
export interface BusyTimeSubject {
  readonly practitionerId: string;
  readonly googleCalendarId: string;
}

/**
 * What an external calendar says about one practitioner over a range:
 * - `none`: no external calendar is linked; our own appointments alone decide;
 * - `busy`: these intervals are taken in the external calendar;
 * - `unavailable`: a linked calendar could not be read; the practitioner offers no slots rather than slots that
 *   may be taken.
 */
export type ExternalBusyTimes =
  | { readonly kind: 'none' }
  | { readonly kind: 'busy'; readonly intervals: readonly TimeInterval[] }
  | { readonly kind: 'unavailable'; readonly reason: string };

/**
 * External busy time (Google Calendar free/busy plugs in here). Called for the practitioners of one slot query or
 * booking, inside the clinic's tenant scope; `fresh` asks to bypass any cache (the re-check before a booking).
 */
export interface BusyTimeSource {
  busyTimes(subjects: readonly BusyTimeSubject[], range: TimeInterval, options: { fresh: boolean }): Promise<Map<string, ExternalBusyTimes>>;
}

/** Injection token of the clinic's external busy-time source. */
export const BUSY_TIME_SOURCE = Symbol('BUSY_TIME_SOURCE');

/** The source used while no calendar integration is installed: no practitioner has an external calendar. */
export class NoExternalBusyTime implements BusyTimeSource {
  busyTimes(subjects: readonly BusyTimeSubject[]): Promise<Map<string, ExternalBusyTimes>> {
    return Promise.resolve(new Map(subjects.map((s) => [s.practitionerId, { kind: 'none' } as const])));
  }
}

/**
 * The clinic's external busy-time source (BUSY_TIME_SOURCE): none until a calendar module plugs its own in with
 * `use` at start-up (the calendar module depends on this one, not the other way round).
 */
@Injectable()
export class ExternalBusyTime implements BusyTimeSource {
  private source: BusyTimeSource = new NoExternalBusyTime();

  use(source: BusyTimeSource): void {
    this.source = source;
  }

  busyTimes(subjects: readonly BusyTimeSubject[], range: TimeInterval, options: { fresh: boolean }): Promise<Map<string, ExternalBusyTimes>> {
    return this.source.busyTimes(subjects, range, options);
  }
}

/**
 * `intervals` without the time of `cut`: the external calendar shows our own appointment's event as busy, and a
 * reschedule must see that appointment's own time as free. Busy time of other events merged around it is kept.
 */
export function withoutInterval(intervals: readonly TimeInterval[], cut: TimeInterval): TimeInterval[] {
  const from = cut.start.getTime();
  const to = cut.end.getTime();
  return intervals.flatMap((interval) => {
    const start = interval.start.getTime();
    const end = interval.end.getTime();
    if (end <= from || start >= to) return [interval];
    const pieces: TimeInterval[] = [];
    if (start < from) pieces.push({ start: interval.start, end: cut.start });
    if (end > to) pieces.push({ start: cut.end, end: interval.end });
    return pieces;
  });
}
