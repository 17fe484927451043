import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { BookablePractitioner, BookableTreatment, BookingResourcesService, LocalClosure } from '@sophie/practitioners';
import { ClinicSettingsService } from '@sophie/settings';
import { TenantConnectionProvider } from '@sophie/tenancy';
import { AppointmentRecords } from '../booking/appointment-records';
import { BUSY_TIME_SOURCE, BusyTimeSource, ExternalBusyTimes, withoutInterval } from './busy-time-source';
import { BusyInterval, MergedSlot, PractitionerSlots, TimeInterval, anyPractitionerSlots, computeSlots, localPeriodClosure } from './slot-engine';

/** What to look for. `to` is exclusive; `excludeAppointmentId` frees that appointment's own time (rescheduling). */
export interface SlotSearch {
  readonly treatmentId: string;
  readonly practitionerId?: string;
  readonly from: Date;
  readonly to: Date;
  readonly excludeAppointmentId?: string;
  /** Bypass the external source's cache: the re-check just before a booking. */
  readonly fresh?: boolean;
  /** Apply the rules (hours, closures, notice, horizon) but ignore every busy time: tells "taken" from "never offered". */
  readonly ignoreBusy?: boolean;
}

export interface SlotSearchResult {
  readonly timeZone: string;
  readonly treatment: BookableTreatment;
  readonly practitioners: readonly BookablePractitioner[];
  /** One entry per start time, with the practitioners free then. */
  readonly slots: readonly MergedSlot[];
  /** Practitioners whose external calendar could not be read: they offer nothing in this answer. */
  readonly unavailablePractitionerIds: readonly string[];
}

/** Busy times are read this much around the asked range: buffers and durations reach past its ends. */
const MARGIN_DAYS = 1;

/** Bookable slots of the current clinic: gathers the facts and hands them to the pure slot engine. */
@Injectable()
export class SlotsService {
  constructor(
    private readonly tenant: TenantConnectionProvider,
    private readonly resources: BookingResourcesService,
    private readonly settings: ClinicSettingsService,
    private readonly records: AppointmentRecords,
    @Inject(BUSY_TIME_SOURCE) private readonly external: BusyTimeSource,
  ) {}

  async search(search: SlotSearch, now: Date = new Date()): Promise<SlotSearchResult> {
    const [timeZone, settings, resources] = await Promise.all([
      this.tenant.timeZone(),
      this.settings.get(),
      this.resources.forTreatment(search.treatmentId, search.practitionerId),
    ]);
    const ids = resources.practitioners.map((p) => p.id);
    const wide: TimeInterval = {
      start: DateTime.fromJSDate(search.from).minus({ days: MARGIN_DAYS }).toJSDate(),
      end: DateTime.fromJSDate(search.to).plus({ days: MARGIN_DAYS }).toJSDate(),
    };
    const localDate = (instant: Date): string => DateTime.fromJSDate(instant, { zone: timeZone }).toISODate() ?? '';
    const [closures, booked, external, moving] = await Promise.all([
      this.resources.closures(localDate(wide.start), localDate(wide.end), ids),
      search.ignoreBusy ? Promise.resolve([]) : this.records.busy(ids, wide, search.excludeAppointmentId),
      search.ignoreBusy ? Promise.resolve(new Map<string, ExternalBusyTimes>()) : this.externalBusy(resources.practitioners, wide, search.fresh ?? false),
      search.excludeAppointmentId === undefined ? Promise.resolve(null) : this.records.find(search.excludeAppointmentId),
    ]);

    const unavailable: string[] = [];
    const perPractitioner: PractitionerSlots[] = resources.practitioners.map((practitioner) => {
      const externalTimes = external.get(practitioner.id) ?? { kind: 'none' };
      if (externalTimes.kind === 'unavailable') {
        unavailable.push(practitioner.id);
        return { practitionerId: practitioner.id, slots: [] };
      }
      const busy: BusyInterval[] = booked.filter((b) => b.practitionerId === practitioner.id);
      if (externalTimes.kind === 'busy') {
        // The appointment being moved shows in its practitioner's calendar too: its own time is free for the move.
        const own = moving?.practitionerId === practitioner.id ? { start: moving.startsAt, end: moving.endsAt } : null;
        busy.push(...(own ? withoutInterval(externalTimes.intervals, own) : externalTimes.intervals));
      }
      const slots = computeSlots({
        zone: timeZone,
        range: { from: search.from, to: search.to },
        now,
        settings: {
          slotIntervalMinutes: settings.slotIntervalMinutes,
          minimumNoticeMinutes: settings.minimumNoticeMinutes,
          horizonDays: settings.bookingHorizonDays,
        },
        treatment: {
          durationMinutes: practitioner.durationMinutes,
          bufferBeforeMinutes: resources.treatment.bufferBeforeMinutes,
          bufferAfterMinutes: resources.treatment.bufferAfterMinutes,
        },
        workingHours: practitioner.workingHours,
        closures: closuresOf(closures, practitioner.id, timeZone),
        busy,
      });
      return { practitionerId: practitioner.id, slots };
    });
    return {
      timeZone,
      treatment: resources.treatment,
      practitioners: resources.practitioners,
      slots: anyPractitionerSlots(perPractitioner),
      unavailablePractitionerIds: unavailable,
    };
  }

  private externalBusy(practitioners: readonly BookablePractitioner[], range: TimeInterval, fresh: boolean): Promise<Map<string, ExternalBusyTimes>> {
    if (practitioners.length === 0) return Promise.resolve(new Map<string, ExternalBusyTimes>());
    return this.external.busyTimes(
      practitioners.map((p) => ({ practitionerId: p.id, googleCalendarId: p.googleCalendarId })),
      range,
      { fresh },
    );
  }
}

function closuresOf(closures: readonly LocalClosure[], practitionerId: string, zone: string): TimeInterval[] {
  return closures.filter((c) => c.practitionerId === null || c.practitionerId === practitionerId).map((c) => localPeriodClosure(c, zone));
}
