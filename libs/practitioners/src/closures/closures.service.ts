import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import type { RequestActor } from '@sophie/auth';
import { Page, pageOf } from '@sophie/common';
import { ClinicAudit, TenantConnectionProvider } from '@sophie/tenancy';
import { PractitionersErrorCode, practitionersError } from '../practitioners-error-code';
import { PractitionersService } from '../practitioners.service';
import { minutesOf } from '../validation';
import { ClosureEntity } from './closure.entity';
import type { CreateClosureDto } from './create-closure.dto';
import type { ListClosuresQueryDto } from './list-closures-query.dto';

/** Closures of the clinic and absences of its practitioners. Writes are audited (ids only). */
@Injectable()
export class ClosuresService {
  constructor(
    private readonly tenant: TenantConnectionProvider,
    private readonly practitioners: PractitionersService,
    private readonly audit: ClinicAudit,
  ) {}

  /** Closures touching `[from, to]`, in order of start; with a practitioner, theirs and the whole clinic's. */
  async list(query: ListClosuresQueryDto): Promise<Page<ClosureEntity>> {
    if (query.from !== undefined && query.to !== undefined && query.to < query.from) {
      throw practitionersError(PractitionersErrorCode.InvalidDateRange, 'to must be on or after from');
    }
    if (query.practitioner_id !== undefined) await this.practitioners.get(query.practitioner_id);
    const qb = (await this.tenant.getRepository(ClosureEntity)).createQueryBuilder('c').where('true');
    if (query.from !== undefined) qb.andWhere('c.ends_on >= :from', { from: query.from });
    if (query.to !== undefined) qb.andWhere('c.starts_on <= :to', { to: query.to });
    if (query.practitioner_id !== undefined) {
      const practitionerId = query.practitioner_id;
      qb.andWhere(new Brackets((w) => w.where('c.practitioner_id IS NULL').orWhere('c.practitioner_id = :practitionerId', { practitionerId })));
    }
    qb.orderBy('c.starts_on', 'ASC').addOrderBy('c.start_time', 'ASC', 'NULLS FIRST').addOrderBy('c.ends_on', 'ASC').addOrderBy('c.id', 'ASC');
    const [items, total] = await qb.take(query.limit).skip(query.offset).getManyAndCount();
    return pageOf(items, total, query);
  }

  /** A closure: the period must end after it starts; an unknown practitioner: 404. */
  async create(dto: CreateClosureDto, actor: RequestActor): Promise<ClosureEntity> {
    if (dto.ends_on < dto.starts_on) throw practitionersError(PractitionersErrorCode.InvalidClosurePeriod, 'ends_on must be on or after starts_on');
    if (dto.ends_on === dto.starts_on && minutesOf(dto.end_time ?? '24:00') <= minutesOf(dto.start_time ?? '00:00')) {
      throw practitionersError(PractitionersErrorCode.InvalidClosurePeriod, 'On a single day, end_time must be after start_time');
    }
    if (dto.practitioner_id) await this.practitioners.get(dto.practitioner_id);
    const repository = await this.tenant.getRepository(ClosureEntity);
    const saved = await repository.save(
      repository.create({
        practitionerId: dto.practitioner_id ?? null,
        startsOn: dto.starts_on,
        endsOn: dto.ends_on,
        startTime: dto.start_time ?? null,
        endTime: dto.end_time ?? null,
        reason: dto.reason?.trim() || null,
      }),
    );
    await this.audit.record('closure.created', 'closure', saved.id, actor);
    return this.get(saved.id);
  }

  async delete(id: string, actor: RequestActor): Promise<void> {
    const result = await (await this.tenant.getRepository(ClosureEntity)).delete({ id });
    if (!result.affected) throw practitionersError(PractitionersErrorCode.ClosureNotFound, 'No such closure in this clinic');
    await this.audit.record('closure.deleted', 'closure', id, actor);
  }

  private async get(id: string): Promise<ClosureEntity> {
    const closure = await (await this.tenant.getRepository(ClosureEntity)).findOneBy({ id });
    if (!closure) throw practitionersError(PractitionersErrorCode.ClosureNotFound, 'No such closure in this clinic');
    return closure;
  }
}
