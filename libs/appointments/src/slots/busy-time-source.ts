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
@Injectable()
export class NoExternalBusyTime implements BusyTimeSource {
  busyTimes(subjects: readonly BusyTimeSubject[]): Promise<Map<string, ExternalBusyTimes>> {
    return Promise.resolve(new Map(subjects.map((s) => [s.practitionerId, { kind: 'none' } as const])));
  }
}
