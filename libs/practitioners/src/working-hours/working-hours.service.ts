import { Injectable } from '@nestjs/common';
import type { RequestActor } from '@sophie/auth';
import { ClinicAudit, TenantConnectionProvider } from '@sophie/tenancy';
import { hhmm } from '../booking-resources.service';
import { PractitionersService, lockPractitioner } from '../practitioners.service';
import type { WorkingHoursDto, WorkingHoursRangeDto } from './working-hours.dto';
import { checkWeeklyRanges, isOverlapViolation, overlapError } from './weekly-ranges';
import { WorkingHoursEntity } from './working-hours.entity';

/** A practitioner's weekly working hours, replaced a whole week at a time. */
@Injectable()
export class WorkingHoursService {
  constructor(
    private readonly tenant: TenantConnectionProvider,
    private readonly practitioners: PractitionersService,
    private readonly audit: ClinicAudit,
  ) {}

  /** The practitioner's week (404 when unknown), by weekday then start. */
  async list(practitionerId: string): Promise<WorkingHoursRangeDto[]> {
    await this.practitioners.get(practitionerId);
    return this.ranges(practitionerId);
  }

  /** A known practitioner's week, by weekday then start, times as `HH:mm` (`24:00` for the end of the day). */
  async ranges(practitionerId: string): Promise<WorkingHoursRangeDto[]> {
    const rows = await (await this.tenant.getRepository(WorkingHoursEntity)).find({
      where: { practitionerId },
      order: { weekday: 'ASC', startTime: 'ASC' },
    });
    return rows.map((r) => ({ weekday: r.weekday, start: hhmm(r.startTime), end: hhmm(r.endTime) }));
  }

  /**
   * Replaces the whole week in one transaction. A range ending at or before its start, or overlapping another of
   * its weekday: 400, and nothing changes.
   */
  async replace(practitionerId: string, dto: WorkingHoursDto, actor: RequestActor): Promise<WorkingHoursRangeDto[]> {
    const ranges = checkWeeklyRanges(dto.ranges);
    try {
      await (await this.tenant.dataSource()).transaction(async (manager) => {
        await lockPractitioner(manager, practitionerId);
        const repository = manager.getRepository(WorkingHoursEntity);
        await repository.delete({ practitionerId });
        if (ranges.length > 0) {
          await repository.insert(ranges.map((r) => ({ practitionerId, weekday: r.weekday, startTime: r.start, endTime: r.end })));
        }
      });
    } catch (error) {
      if (isOverlapViolation(error)) throw overlapError();
      throw error;
    }
    await this.audit.record('working_hours.replaced', 'practitioner', practitionerId, actor);
    return this.ranges(practitionerId);
  }
}
