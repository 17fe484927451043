import { Injectable } from '@nestjs/common';
import type { RequestActor } from '@sophie/auth';
import { Page, sqlState } from '@sophie/common';
import { PatientsService } from '@sophie/patients';
import { ClinicAudit, TenantConnectionProvider } from '@sophie/tenancy';
import { AppointmentsErrorCode, appointmentsError } from '../appointments-error-code';
import { SlotFinder } from '../slots/slot-finder';
import { AppointmentEvents } from './appointment-events';
import { AppointmentFilter, AppointmentRecords } from './appointment-records';
import { AppointmentEntity, AppointmentSource, AppointmentStatus } from './appointment.entity';

const MS_PER_MINUTE = 60_000;
const EXCLUSION_VIOLATION = '23P01';

export interface BookingRequest {
  readonly patientId: string;
  readonly treatmentId: string;
  /** Absent: the first practitioner offering the treatment who is free then. */
  readonly practitionerId?: string;
  readonly start: Date;
  readonly notes?: string;
  readonly source?: AppointmentSource;
}

export interface RescheduleRequest {
  readonly start: Date;
  /** Absent: the same practitioner. */
  readonly practitionerId?: string;
}

/**
 * Booking and the life of an appointment. A time is booked only if the slot engine offers it; the database's
 * exclusion constraint is what makes a double booking impossible when two requests race for it.
 */
@Injectable()
export class AppointmentsService {
  constructor(
    private readonly tenant: TenantConnectionProvider,
    private readonly records: AppointmentRecords,
    private readonly finder: SlotFinder,
    private readonly patients: PatientsService,
    private readonly audit: ClinicAudit,
    private readonly events: AppointmentEvents,
  ) {}

  list(filter: AppointmentFilter): Promise<Page<AppointmentEntity>> {
    return this.records.list(filter);
  }

  async get(id: string): Promise<AppointmentEntity> {
    const appointment = await this.records.find(id);
    if (!appointment) throw appointmentsError(AppointmentsErrorCode.AppointmentNotFound, 'No such appointment');
    return appointment;
  }

  async book(request: BookingRequest, actor: RequestActor): Promise<AppointmentEntity> {
    await this.patients.assertExists(request.patientId);
    const offer = await this.finder.offered({ treatmentId: request.treatmentId, practitionerId: request.practitionerId, start: request.start });
    for (const practitioner of offer.practitioners) {
      const end = new Date(request.start.getTime() + practitioner.durationMinutes * MS_PER_MINUTE);
      try {
        // In a savepoint when the caller holds a transaction (the assistant): a lost race rolls back this insert only.
        const saved = await this.tenant.transaction(() => this.records.insert({
          practitionerId: practitioner.id,
          patientId: request.patientId,
          treatmentId: request.treatmentId,
          startsAt: request.start,
          endsAt: end,
          blockedFrom: new Date(request.start.getTime() - offer.treatment.bufferBeforeMinutes * MS_PER_MINUTE),
          blockedTo: new Date(end.getTime() + offer.treatment.bufferAfterMinutes * MS_PER_MINUTE),
          status: AppointmentStatus.Booked,
          source: request.source ?? AppointmentSource.Staff,
          notes: request.notes ?? null,
        }));
        await this.audit.record('appointment.created', 'appointment', saved.id, actor);
        await this.events.changed({ id: saved.id, kind: 'booked' }, saved.startsAt);
        return this.get(saved.id);
      } catch (error) {
        if (sqlState(error) !== EXCLUSION_VIOLATION) throw error;
        // Taken between the check and the insert: try the next free practitioner, if "any" was asked.
      }
    }
    throw await this.finder.taken({ treatmentId: request.treatmentId, practitionerId: request.practitionerId, start: request.start });
  }

  /** Moves a booked appointment to another offered time (and practitioner); its own time counts as free. */
  async reschedule(id: string, request: RescheduleRequest, actor: RequestActor): Promise<AppointmentEntity> {
    const current = await this.bookedOne(id);
    const practitionerId = request.practitionerId ?? current.practitionerId;
    const query = { treatmentId: current.treatmentId, practitionerId, start: request.start, excludeAppointmentId: id };
    const offer = await this.finder.offered(query);
    const practitioner = offer.practitioners[0];
    const end = new Date(request.start.getTime() + practitioner.durationMinutes * MS_PER_MINUTE);
    let moved: boolean;
    try {
      moved = await this.tenant.transaction(() => this.records.updateIfBooked(id, {
        practitionerId: practitioner.id,
        startsAt: request.start,
        endsAt: end,
        blockedFrom: new Date(request.start.getTime() - offer.treatment.bufferBeforeMinutes * MS_PER_MINUTE),
        blockedTo: new Date(end.getTime() + offer.treatment.bufferAfterMinutes * MS_PER_MINUTE),
        rescheduledAt: new Date(),
        rescheduleCount: current.rescheduleCount + 1,
      }));
    } catch (error) {
      if (sqlState(error) !== EXCLUSION_VIOLATION) throw error;
      throw await this.finder.taken(query);
    }
    if (!moved) throw this.notBooked();
    await this.audit.record('appointment.rescheduled', 'appointment', id, actor);
    await this.events.changed({ id, kind: 'rescheduled' }, request.start);
    return this.get(id);
  }

  async cancel(id: string, reason: string | undefined, actor: RequestActor): Promise<AppointmentEntity> {
    await this.bookedOne(id);
    const changed = await this.records.updateIfBooked(id, { status: AppointmentStatus.Cancelled, cancelledAt: new Date(), cancellationReason: reason ?? null });
    if (!changed) throw this.notBooked();
    await this.audit.record('appointment.cancelled', 'appointment', id, actor);
    await this.events.changed({ id, kind: 'cancelled' });
    return this.get(id);
  }

  /** Marks a booked appointment that has started as completed or as a no-show. */
  async close(id: string, outcome: AppointmentStatus.Completed | AppointmentStatus.NoShow, actor: RequestActor): Promise<AppointmentEntity> {
    const current = await this.bookedOne(id);
    if (current.startsAt.getTime() > Date.now()) {
      throw appointmentsError(AppointmentsErrorCode.InvalidTransition, 'An appointment that has not started yet cannot be marked completed or no-show');
    }
    const now = new Date();
    const patch = outcome === AppointmentStatus.Completed ? { status: outcome, completedAt: now } : { status: outcome, noShowAt: now };
    if (!(await this.records.updateIfBooked(id, patch))) throw this.notBooked();
    await this.audit.record(outcome === AppointmentStatus.Completed ? 'appointment.completed' : 'appointment.no_show', 'appointment', id, actor);
    await this.events.changed({ id, kind: outcome === AppointmentStatus.Completed ? 'completed' : 'no_show' });
    return this.get(id);
  }

  private async bookedOne(id: string): Promise<AppointmentEntity> {
    const appointment = await this.get(id);
    if (appointment.status !== AppointmentStatus.Booked) throw this.notBooked(appointment.status);
    return appointment;
  }

  private notBooked(status?: AppointmentStatus): Error {
    return appointmentsError(AppointmentsErrorCode.InvalidTransition, `Only a booked appointment can change${status ? `; this one is ${status}` : ''}`);
  }

}
