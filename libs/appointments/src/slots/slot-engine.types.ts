/**
 * Plain-data types of the slot engine (see slot-engine.ts).
 *
 * Every instant is an absolute JS `Date` (a UTC instant); callers that hold ISO strings convert them with
 * `new Date(iso)` and must make sure the string carries `Z` or an offset. Local wall-clock values
 * (working hours, `localDayClosure` and `localPeriodClosure` arguments) are strings read in the clinic's IANA time zone.
 * Every duration is a whole number of minutes of real (elapsed) time.
 */

/** A local wall-clock time `HH:mm` (00:00–23:59). `24:00` is accepted as the end of a range: the next local midnight. */
export type LocalTime = string;

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A half-open interval of instants `[start, end)`: intervals that only touch do not overlap. */
export interface TimeInterval {
  readonly start: Date;
  readonly end: Date;
}

/**
 * Time the practitioner is not free. An existing appointment carries its own buffers and blocks
 * `[start - bufferBeforeMinutes, end + bufferAfterMinutes)`; external busy time (Google free/busy) has none.
 */
export interface BusyInterval extends TimeInterval {
  readonly bufferBeforeMinutes?: number;
  readonly bufferAfterMinutes?: number;
}

/** One opening range on a weekday, in local wall-clock time; several per day, breaks are the gaps between them. */
export interface WorkingHoursRange {
  readonly weekday: IsoWeekday;
  readonly start: LocalTime;
  readonly end: LocalTime;
}

export interface SlotSettings {
  /** Step of the start-time grid, in local wall-clock minutes (e.g. 15). */
  readonly slotIntervalMinutes: number;
  /** A slot must start at least this long after `now`. */
  readonly minimumNoticeMinutes: number;
  /** Slots are offered up to and including the local date `today + horizonDays` (today = local date of `now`). */
  readonly horizonDays: number;
}

export interface TreatmentTiming {
  /** How long the appointment lasts (the caller picks the practitioner-specific duration when there is one). */
  readonly durationMinutes: number;
  /** Preparation time before the appointment, blocked but not part of it. */
  readonly bufferBeforeMinutes: number;
  /** Clean-up time after the appointment, blocked but not part of it. */
  readonly bufferAfterMinutes: number;
}

/**
 * A closure in local wall-clock terms (the shape of a `closures` row): from local date `startsOn` at `startTime`
 * (null: 00:00) to local date `endsOn` at `endTime` (null: 24:00, the next local midnight). See `localPeriodClosure`.
 */
export interface LocalPeriod {
  /** `YYYY-MM-DD`. */
  readonly startsOn: string;
  /** `YYYY-MM-DD`, the same as or after `startsOn`. */
  readonly endsOn: string;
  readonly startTime: LocalTime | null;
  /** `24:00` is accepted, like null. */
  readonly endTime: LocalTime | null;
}

/** Everything `computeSlots` needs to list one practitioner's bookable slots. */
export interface SlotQuery {
  /** The clinic's IANA time zone, e.g. `Europe/Paris`. */
  readonly zone: string;
  /** The window asked for: slots whose start lies in `[from, to)`. */
  readonly range: { readonly from: Date; readonly to: Date };
  /** The current instant, injected (the engine never reads the clock). */
  readonly now: Date;
  readonly settings: SlotSettings;
  readonly treatment: TreatmentTiming;
  readonly workingHours: readonly WorkingHoursRange[];
  /** Closed intervals (clinic closures, absences); see `localDayClosure` to build one from a local day. */
  readonly closures: readonly TimeInterval[];
  readonly busy: readonly BusyInterval[];
}

/** A bookable appointment: `end` = `start` + treatment duration. */
export interface Slot {
  readonly start: Date;
  readonly end: Date;
}

export interface PractitionerSlots {
  readonly practitionerId: string;
  readonly slots: readonly Slot[];
}

/** One start time offered by at least one practitioner ("first available practitioner"). */
export interface MergedSlot {
  readonly start: Date;
  /** The latest end among the listed practitioners (durations may be practitioner-specific). */
  readonly end: Date;
  /** Practitioners free at `start`, in the order they were given to `anyPractitionerSlots`. */
  readonly practitionerIds: string[];
}
