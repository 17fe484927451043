import { Injectable } from '@nestjs/common';
import { Page, PaginationQueryDto, pageOf } from '@sophie/common';
import { TenantConnectionProvider } from '@sophie/tenancy';
import type { BusyInterval, TimeInterval } from '../slots/slot-engine';
import { AppointmentEntity, AppointmentStatus } from './appointment.entity';

/** Time a practitioner's non-cancelled appointment holds, buffers included. */
export interface BookedInterval extends BusyInterval {
  readonly practitionerId: string;
}

export interface AppointmentFilter extends PaginationQueryDto {
  from?: Date;
  to?: Date;
  practitionerId?: string;
  patientId?: string;
  status?: AppointmentStatus;
}

/** The appointments table of the current clinic: the only place that queries it. */
@Injectable()
export class AppointmentRecords {
  constructor(private readonly tenant: TenantConnectionProvider) {}

  /** Blocked ranges of these practitioners' non-cancelled appointments overlapping `range` (the exclusion index serves it). */
  async busy(practitionerIds: readonly string[], range: TimeInterval, excludeId?: string): Promise<BookedInterval[]> {
    if (practitionerIds.length === 0) return [];
    const qb = (await this.tenant.getRepository(AppointmentEntity))
      .createQueryBuilder('a')
      .select(['a.practitioner_id AS "practitionerId"', 'a.blocked_from AS start', 'a.blocked_to AS "end"'])
      .where('a.practitioner_id IN (:...ids)', { ids: practitionerIds })
      .andWhere(`a.status <> 'cancelled'`)
      .andWhere('tstzrange(a.blocked_from, a.blocked_to) && tstzrange(:from, :to)', { from: range.start, to: range.end });
    if (excludeId !== undefined) qb.andWhere('a.id <> :excludeId', { excludeId });
    return qb.getRawMany<BookedInterval>();
  }

  async find(id: string): Promise<AppointmentEntity | null> {
    return (await this.tenant.getRepository(AppointmentEntity)).findOneBy({ id });
  }

  async insert(values: Partial<AppointmentEntity>): Promise<AppointmentEntity> {
    const repository = await this.tenant.getRepository(AppointmentEntity);
    return repository.save(repository.create(values));
  }

  /** Applies `patch` only while the appointment is still `booked`; false when it was not (raced or already final). */
  async updateIfBooked(id: string, patch: Partial<AppointmentEntity>): Promise<boolean> {
    const result = await (await this.tenant.getRepository(AppointmentEntity))
      .createQueryBuilder()
      .update()
      .set({ ...patch, updatedAt: () => 'now()' })
      .where('id = :id AND status = :booked', { id, booked: AppointmentStatus.Booked })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async list(filter: AppointmentFilter): Promise<Page<AppointmentEntity>> {
    const qb = (await this.tenant.getRepository(AppointmentEntity)).createQueryBuilder('a');
    if (filter.from) qb.andWhere('a.ends_at > :from', { from: filter.from });
    if (filter.to) qb.andWhere('a.starts_at < :to', { to: filter.to });
    if (filter.practitionerId) qb.andWhere('a.practitioner_id = :practitionerId', { practitionerId: filter.practitionerId });
    if (filter.patientId) qb.andWhere('a.patient_id = :patientId', { patientId: filter.patientId });
    if (filter.status) qb.andWhere('a.status = :status', { status: filter.status });
    qb.orderBy('a.starts_at', 'ASC').addOrderBy('a.id', 'ASC');
    const [items, total] = await qb.take(filter.limit).skip(filter.offset).getManyAndCount();
    return pageOf(items, total, filter);
  }

  /**
   * Claims the reminder of a booked appointment starting at `startsAt`: true once, false when it was already sent
   * for that start, or the appointment was cancelled or moved meanwhile.
   */
  async claimReminder(id: string, startsAt: Date): Promise<boolean> {
    const result = await (await this.tenant.getRepository(AppointmentEntity))
      .createQueryBuilder()
      .update()
      .set({ reminderSentFor: startsAt })
      .where(`id = :id AND status = 'booked' AND starts_at = :startsAt AND reminder_sent_for IS DISTINCT FROM :startsAt`, { id, startsAt })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Every appointment of a patient, oldest first (the GDPR export). */
  async ofPatient(patientId: string): Promise<AppointmentEntity[]> {
    return (await this.tenant.getRepository(AppointmentEntity)).find({ where: { patientId }, order: { startsAt: 'ASC', id: 'ASC' } });
  }

  /** Clears what may identify a patient in their appointments' free text, before the patient row goes. */
  async forgetPatientText(patientId: string): Promise<number> {
    const result = await (await this.tenant.getRepository(AppointmentEntity)).update({ patientId }, { notes: null, cancellationReason: null });
    return result.affected ?? 0;
  }
}
