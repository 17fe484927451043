import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import { TenantConnectionProvider } from '@sophie/tenancy';
import { ClosureEntity } from './closures/closure.entity';
import { PractitionerEntity } from './practitioner.entity';
import { PractitionersErrorCode, practitionersError } from './practitioners-error-code';
import { PractitionerTreatmentEntity } from './treatments/practitioner-treatment.entity';
import { TreatmentEntity } from './treatments/treatment.entity';
import { WorkingHoursEntity } from './working-hours/working-hours.entity';

/** A treatment as booking needs it. */
export interface BookableTreatment {
  readonly id: string;
  readonly name: Record<string, string>;
  readonly durationMinutes: number;
  readonly bufferBeforeMinutes: number;
  readonly bufferAfterMinutes: number;
}

/** One weekly working range, local `HH:mm` (`24:00` ends the day). */
export interface WeeklyRange {
  readonly weekday: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  readonly start: string;
  readonly end: string;
}

/** A practitioner who offers the treatment, with the duration that applies to them and their week. */
export interface BookablePractitioner {
  readonly id: string;
  readonly googleCalendarId: string;
  readonly durationMinutes: number;
  readonly workingHours: readonly WeeklyRange[];
}

/** A closure in local wall-clock terms (see ClosureEntity); `practitionerId` null closes the whole clinic. */
export interface LocalClosure {
  readonly practitionerId: string | null;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly startTime: string | null;
  readonly endTime: string | null;
}

export interface BookingResources {
  readonly treatment: BookableTreatment;
  readonly practitioners: readonly BookablePractitioner[];
}

/** `HH:MM:SS` from PostgreSQL -> `HH:mm`. */
export function hhmm(time: string): string {
  return time.slice(0, 5);
}

/**
 * What the slot engine and booking read from this domain: the treatment, the active practitioners offering it
 * with their weekly hours, and the closures of a period. Read-only; other domains never query these tables.
 */
@Injectable()
export class BookingResourcesService {
  constructor(private readonly tenant: TenantConnectionProvider) {}

  /**
   * The active treatment and who offers it: the one practitioner asked for, or every active practitioner offering it.
   * Unknown or inactive treatment or practitioner: 404; a practitioner who does not offer it: 422.
   */
  async forTreatment(treatmentId: string, practitionerId?: string): Promise<BookingResources> {
    const treatment = await (await this.tenant.getRepository(TreatmentEntity)).findOneBy({ id: treatmentId, isActive: true });
    if (!treatment) throw practitionersError(PractitionersErrorCode.TreatmentNotFound, 'No such active treatment');
    if (practitionerId !== undefined) {
      const practitioner = await (await this.tenant.getRepository(PractitionerEntity)).findOneBy({ id: practitionerId, isActive: true });
      if (!practitioner) throw practitionersError(PractitionersErrorCode.PractitionerNotFound, 'No such active practitioner');
    }
    const offers = await (await this.tenant.getRepository(PractitionerTreatmentEntity))
      .createQueryBuilder('pt')
      .innerJoin(PractitionerEntity, 'p', 'p.id = pt.practitioner_id AND p.is_active')
      .select(['pt.practitioner_id AS id', 'pt.duration_minutes AS duration', 'p.google_calendar_id AS calendar'])
      .where('pt.treatment_id = :treatmentId', { treatmentId })
      .andWhere(practitionerId === undefined ? 'true' : 'pt.practitioner_id = :practitionerId', { practitionerId })
      .orderBy('p.last_name', 'ASC', 'NULLS LAST')
      .addOrderBy('p.first_name', 'ASC', 'NULLS LAST')
      .addOrderBy('p.id')
      .getRawMany<{ id: string; duration: number | null; calendar: string }>();
    if (practitionerId !== undefined && offers.length === 0) {
      throw practitionersError(PractitionersErrorCode.TreatmentNotOffered, 'This practitioner does not offer this treatment');
    }
    const hours = await this.weeklyHours(offers.map((o) => o.id));
    return {
      treatment: {
        id: treatment.id,
        name: treatment.name,
        durationMinutes: treatment.durationMinutes,
        bufferBeforeMinutes: treatment.bufferBeforeMinutes,
        bufferAfterMinutes: treatment.bufferAfterMinutes,
      },
      practitioners: offers.map((o) => ({
        id: o.id,
        googleCalendarId: o.calendar,
        durationMinutes: o.duration ?? treatment.durationMinutes,
        workingHours: hours.get(o.id) ?? [],
      })),
    };
  }

  /** Active treatments that at least one active practitioner offers, oldest first (what a patient can book). */
  async bookableTreatments(): Promise<Array<{ id: string; name: Record<string, string> }>> {
    return (await this.tenant.getRepository(TreatmentEntity))
      .createQueryBuilder('t')
      .select(['t.id AS id', 't.name AS name'])
      .where('t.is_active')
      .andWhere(
        `EXISTS (SELECT 1 FROM practitioner_treatments pt JOIN practitioners p ON p.id = pt.practitioner_id AND p.is_active WHERE pt.treatment_id = t.id)`,
      )
      .orderBy('t.created_at', 'ASC')
      .addOrderBy('t.id')
      .getRawMany<{ id: string; name: Record<string, string> }>();
  }

  /** Display names ("Dr Anne Martin" without the title: first and last name) of these practitioners. */
  async practitionerNames(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await (await this.tenant.getRepository(PractitionerEntity)).createQueryBuilder('p').where('p.id IN (:...ids)', { ids }).getMany();
    return new Map(rows.map((p) => [p.id, [p.firstName, p.lastName].filter(Boolean).join(' ') || '—']));
  }

  /** Names per language of these treatments (active or not: an old appointment may name a retired one). */
  async treatmentNames(ids: readonly string[]): Promise<Map<string, Record<string, string>>> {
    if (ids.length === 0) return new Map();
    const rows = await (await this.tenant.getRepository(TreatmentEntity)).createQueryBuilder('t').where('t.id IN (:...ids)', { ids }).getMany();
    return new Map(rows.map((t) => [t.id, t.name]));
  }

  /** Closures of the clinic and of these practitioners that touch the local dates `[fromDate, toDate]`. */
  async closures(fromDate: string, toDate: string, practitionerIds: readonly string[]): Promise<LocalClosure[]> {
    const rows = await (await this.tenant.getRepository(ClosureEntity))
      .createQueryBuilder('c')
      .where('c.ends_on >= :fromDate AND c.starts_on <= :toDate', { fromDate, toDate })
      .andWhere(
        new Brackets((w) => {
          w.where('c.practitioner_id IS NULL');
          if (practitionerIds.length > 0) w.orWhere('c.practitioner_id IN (:...ids)', { ids: practitionerIds });
        }),
      )
      .getMany();
    return rows.map((c) => ({
      practitionerId: c.practitionerId,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      startTime: c.startTime === null ? null : hhmm(c.startTime),
      endTime: c.endTime === null ? null : hhmm(c.endTime),
    }));
  }

  private async weeklyHours(practitionerIds: string[]): Promise<Map<string, WeeklyRange[]>> {
    const byPractitioner = new Map<string, WeeklyRange[]>();
    if (practitionerIds.length === 0) return byPractitioner;
    const rows = await (await this.tenant.getRepository(WorkingHoursEntity))
      .createQueryBuilder('w')
      .where('w.practitioner_id IN (:...ids)', { ids: practitionerIds })
      .orderBy('w.weekday')
      .addOrderBy('w.start_time')
      .getMany();
    for (const row of rows) {
      const list = byPractitioner.get(row.practitionerId) ?? [];
      list.push({ weekday: row.weekday as WeeklyRange['weekday'], start: hhmm(row.startTime), end: row.endTime.startsWith('24') ? '24:00' : hhmm(row.endTime) });
      byPractitioner.set(row.practitionerId, list);
    }
    return byPractitioner;
  }
}
