import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestActor } from '@sophie/auth';
import { escapeLike, Page, pageOf, withoutUndefined } from '@sophie/common';
import { ClinicAudit, TenantConnectionProvider } from '@sophie/tenancy';
import type { CreatePractitionerDto } from './dto/create-practitioner.dto';
import type { ListPractitionersQueryDto } from './dto/list-practitioners-query.dto';
import type { UpdatePractitionerDto } from './dto/update-practitioner.dto';
import { PractitionerEntity } from './practitioner.entity';
import { PractitionersErrorCode, practitionersError } from './practitioners-error-code';


function notFound(): Error {
  return practitionersError(PractitionersErrorCode.PractitionerNotFound, 'No such practitioner in this clinic');
}

/**
 * The practitioner, locked until the end of `manager`'s transaction, so that replacing what belongs to them
 * (treatments offered, working hours) never interleaves with another replacement. 404 when unknown.
 */
export async function lockPractitioner(manager: EntityManager, id: string): Promise<PractitionerEntity> {
  const practitioner = await manager.getRepository(PractitionerEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!practitioner) throw notFound();
  return practitioner;
}

/** Practitioners of the current request's clinic. Writes are audited (ids only); nothing is ever deleted. */
@Injectable()
export class PractitionersService {
  constructor(
    private readonly tenant: TenantConnectionProvider,
    private readonly audit: ClinicAudit,
  ) {}

  async count(): Promise<number> {
    const row = await (await this.tenant.getRepository(PractitionerEntity))
      .createQueryBuilder()
      .select('count(*)::int', 'n')
      .getRawOne<{ n: number }>();
    return row?.n ?? 0;
  }

  /** Practitioners by part of their name and by activity, ordered by name. */
  async list(query: ListPractitionersQueryDto): Promise<Page<PractitionerEntity>> {
    const qb = (await this.tenant.getRepository(PractitionerEntity)).createQueryBuilder('p').where('true');
    const term = query.search?.trim().toLowerCase();
    if (term) {
      qb.andWhere(`lower(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')) LIKE :name`, { name: `%${escapeLike(term)}%` });
    }
    if (query.active !== undefined) qb.andWhere('p.is_active = :active', { active: query.active });
    qb.orderBy('p.last_name', 'ASC', 'NULLS LAST').addOrderBy('p.first_name', 'ASC', 'NULLS LAST').addOrderBy('p.id', 'ASC');
    const [items, total] = await qb.take(query.limit).skip(query.offset).getManyAndCount();
    return pageOf(items, total, query);
  }

  /** The practitioner, active or not; 404 when this clinic has no such practitioner. */
  async get(id: string): Promise<PractitionerEntity> {
    const practitioner = await (await this.tenant.getRepository(PractitionerEntity)).findOneBy({ id });
    if (!practitioner) throw notFound();
    return practitioner;
  }

  async create(dto: CreatePractitionerDto, actor: RequestActor): Promise<PractitionerEntity> {
    const repository = await this.tenant.getRepository(PractitionerEntity);
    const saved = await repository.save(repository.create(this.fields(dto)));
    await this.audit.record('practitioner.created', 'practitioner', saved.id, actor);
    return this.get(saved.id);
  }

  async update(id: string, dto: UpdatePractitionerDto, actor: RequestActor): Promise<PractitionerEntity> {
    await this.get(id);
    const patch = this.fields(dto);
    if (Object.keys(patch).length > 0) await (await this.tenant.getRepository(PractitionerEntity)).update({ id }, patch);
    await this.audit.record('practitioner.updated', 'practitioner', id, actor);
    return this.get(id);
  }

  /** Sets `is_active` to false: appointments keep referring to the practitioner, who is no longer offered. */
  async deactivate(id: string, actor: RequestActor): Promise<PractitionerEntity> {
    await this.get(id);
    await (await this.tenant.getRepository(PractitionerEntity)).update({ id }, { isActive: false });
    await this.audit.record('practitioner.deactivated', 'practitioner', id, actor);
    return this.get(id);
  }

  private fields(dto: UpdatePractitionerDto): Partial<PractitionerEntity> {
    return withoutUndefined<Partial<PractitionerEntity>>({
      firstName: dto.first_name,
      lastName: dto.last_name,
      specialty: dto.specialty,
      googleCalendarId: dto.google_calendar_id,
      isActive: dto.is_active,
    });
  }
}
