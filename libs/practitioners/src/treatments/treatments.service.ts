import { Injectable } from '@nestjs/common';
import type { RequestActor } from '@sophie/auth';
import { Page, pageOf, withoutUndefined } from '@sophie/common';
import { ClinicAudit, TenantConnectionProvider } from '@sophie/tenancy';
import { PractitionersErrorCode, practitionersError } from '../practitioners-error-code';
import type { CreateTreatmentDto } from './create-treatment.dto';
import type { ListTreatmentsQueryDto } from './list-treatments-query.dto';
import type { UpdateTreatmentDto } from './update-treatment.dto';
import { TreatmentEntity } from './treatment.entity';

/** Treatments of the current request's clinic. Writes are audited (ids only); nothing is ever deleted. */
@Injectable()
export class TreatmentsService {
  constructor(
    private readonly tenant: TenantConnectionProvider,
    private readonly audit: ClinicAudit,
  ) {}

  /** Treatments, oldest first, optionally only the active or inactive ones. */
  async list(query: ListTreatmentsQueryDto): Promise<Page<TreatmentEntity>> {
    const qb = (await this.tenant.getRepository(TreatmentEntity)).createQueryBuilder('t');
    if (query.active !== undefined) qb.where('t.is_active = :active', { active: query.active });
    qb.orderBy('t.created_at', 'ASC').addOrderBy('t.id', 'ASC');
    const [items, total] = await qb.take(query.limit).skip(query.offset).getManyAndCount();
    return pageOf(items, total, query);
  }

  /** The treatment, active or not; 404 when this clinic has no such treatment. */
  async get(id: string): Promise<TreatmentEntity> {
    const treatment = await (await this.tenant.getRepository(TreatmentEntity)).findOneBy({ id });
    if (!treatment) throw practitionersError(PractitionersErrorCode.TreatmentNotFound, 'No such treatment in this clinic');
    return treatment;
  }

  async create(dto: CreateTreatmentDto, actor: RequestActor): Promise<TreatmentEntity> {
    const repository = await this.tenant.getRepository(TreatmentEntity);
    const saved = await repository.save(repository.create(this.fields(dto)));
    await this.audit.record('treatment.created', 'treatment', saved.id, actor);
    return this.get(saved.id);
  }

  async update(id: string, dto: UpdateTreatmentDto, actor: RequestActor): Promise<TreatmentEntity> {
    await this.get(id);
    const patch = this.fields(dto);
    if (Object.keys(patch).length > 0) await (await this.tenant.getRepository(TreatmentEntity)).update({ id }, patch);
    await this.audit.record('treatment.updated', 'treatment', id, actor);
    return this.get(id);
  }

  /** Sets `is_active` to false: appointments keep referring to the treatment, which can no longer be booked. */
  async deactivate(id: string, actor: RequestActor): Promise<TreatmentEntity> {
    await this.get(id);
    await (await this.tenant.getRepository(TreatmentEntity)).update({ id }, { isActive: false });
    await this.audit.record('treatment.deactivated', 'treatment', id, actor);
    return this.get(id);
  }

  private fields(dto: UpdateTreatmentDto): Partial<TreatmentEntity> {
    return withoutUndefined<Partial<TreatmentEntity>>({
      name: dto.name === undefined ? undefined : { ...dto.name },
      durationMinutes: dto.duration_minutes,
      bufferBeforeMinutes: dto.buffer_before_minutes,
      bufferAfterMinutes: dto.buffer_after_minutes,
      isActive: dto.is_active,
    });
  }
}
