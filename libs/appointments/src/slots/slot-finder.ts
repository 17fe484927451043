import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { DomainError } from '@sophie/common';
import type { BookablePractitioner, BookableTreatment } from '@sophie/practitioners';
import { AppointmentsErrorCode, appointmentsError } from '../appointments-error-code';
import { SlotsService } from './slots.service';
import type { MergedSlot } from './slot-engine';

/** One time asked for by a booking or a reschedule. */
export interface SlotRequest {
  readonly treatmentId: string;
  readonly practitionerId?: string;
  readonly start: Date;
  readonly excludeAppointmentId?: string;
}

/** A time the engine offers, and the practitioners free then (in the order to try them). */
export interface Offer {
  readonly treatment: BookableTreatment;
  readonly practitioners: readonly BookablePractitioner[];
}

/** A free alternative as the API shows it (ISO instants in the clinic's offset). */
export interface AlternativeSlot {
  readonly start: string;
  readonly end: string;
  readonly practitioner_ids: readonly string[];
}

/** How many alternatives a refusal proposes, and how far around the asked time they are looked for. */
const ALTERNATIVES = 5;
const LOOK_BEHIND_DAYS = 3;
const LOOK_AHEAD_DAYS = 21;

/** Checks one asked time against the slot engine and, when it cannot be had, explains why with the nearest free ones. */
@Injectable()
export class SlotFinder {
  constructor(private readonly slots: SlotsService) {}

  /** The practitioners free at exactly `start` (fresh external busy times); 409 or 422 with alternatives otherwise. */
  async offered(request: SlotRequest): Promise<Offer> {
    const result = await this.slots.search({ ...this.window(request.start, 1), ...this.subject(request), fresh: true });
    const match = result.slots.find((slot) => slot.start.getTime() === request.start.getTime());
    if (match) {
      return { treatment: result.treatment, practitioners: match.practitionerIds.map((id) => practitionerOf(result.practitioners, id)) };
    }
    const unreadable = new Set(result.unavailablePractitionerIds);
    const asked = request.practitionerId === undefined ? result.practitioners.map((p) => p.id) : [request.practitionerId];
    if (asked.length > 0 && asked.every((id) => unreadable.has(id))) {
      throw appointmentsError(
        AppointmentsErrorCode.CalendarUnreadable,
        "The practitioner's calendar cannot be read just now, so this time cannot be confirmed: try again in a moment, or choose another practitioner",
      );
    }
    const byRules = await this.slots.search({ ...this.window(request.start, 1), ...this.subject(request), ignoreBusy: true });
    const wouldBeOffered = byRules.slots.some((slot) => slot.start.getTime() === request.start.getTime());
    if (wouldBeOffered) throw await this.taken(request);
    throw appointmentsError(
      AppointmentsErrorCode.SlotNotOffered,
      'This time is not offered: outside working hours, in a closure, too soon, beyond the booking horizon or off the slot grid',
      { details: { alternatives: await this.alternatives(request) } },
    );
  }

  /** The 409 for a time someone else holds, with the nearest free alternatives. */
  async taken(request: SlotRequest): Promise<DomainError> {
    return appointmentsError(AppointmentsErrorCode.SlotTaken, 'This time has just been taken', { details: { alternatives: await this.alternatives(request) } });
  }

  /** The free slots nearest to the asked time, before or after it, in time order. */
  async alternatives(request: SlotRequest): Promise<AlternativeSlot[]> {
    const around = DateTime.fromJSDate(request.start);
    const result = await this.slots.search({
      from: around.minus({ days: LOOK_BEHIND_DAYS }).toJSDate(),
      to: around.plus({ days: LOOK_AHEAD_DAYS }).toJSDate(),
      ...this.subject(request),
    });
    const distance = (slot: MergedSlot): number => Math.abs(slot.start.getTime() - request.start.getTime());
    const nearest = [...result.slots].sort((a, b) => distance(a) - distance(b)).slice(0, ALTERNATIVES);
    nearest.sort((a, b) => a.start.getTime() - b.start.getTime());
    return nearest.map((slot) => ({
      start: inZone(slot.start, result.timeZone),
      end: inZone(slot.end, result.timeZone),
      practitioner_ids: slot.practitionerIds,
    }));
  }

  private subject(request: SlotRequest): { treatmentId: string; practitionerId?: string; excludeAppointmentId?: string } {
    return { treatmentId: request.treatmentId, practitionerId: request.practitionerId, excludeAppointmentId: request.excludeAppointmentId };
  }

  private window(start: Date, widthMs: number): { from: Date; to: Date } {
    return { from: start, to: new Date(start.getTime() + widthMs) };
  }
}

/** An instant as ISO 8601 with the clinic's UTC offset, e.g. `2026-03-30T09:00:00+02:00`. */
export function inZone(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISO({ suppressMilliseconds: true }) ?? instant.toISOString();
}

function practitionerOf(practitioners: readonly BookablePractitioner[], id: string): BookablePractitioner {
  const practitioner = practitioners.find((p) => p.id === id);
  if (!practitioner) throw new Error(`Slot engine returned practitioner ${id} that was not asked about`);
  return practitioner;
}
