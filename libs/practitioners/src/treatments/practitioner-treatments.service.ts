import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import type { RequestActor } from '@sophie/auth';
import { ClinicAudit, TenantConnectionProvider } from '@sophie/tenancy';
import { PractitionersErrorCode, practitionersError } from '../practitioners-error-code';
import { PractitionersService, lockPractitioner } from '../practitioners.service';
import type { PractitionerTreatmentDto, ReplacePractitionerTreatmentsDto } from './practitioner-treatments.dto';
import { PractitionerTreatmentEntity } from './practitioner-treatment.entity';
import { TreatmentEntity } from './treatment.entity';

interface OfferRow {
  id: string;
  name: Record<string, string>;
  treatment_duration: number;
  custom_duration: number | null;
  is_active: boolean;
}

/** Which treatments a practitioner offers, and for how long. */
@Injectable()
export class PractitionerTreatmentsService {
  constructor(
    private readonly tenant: TenantConnectionProvider,
    private readonly practitioners: PractitionersService,
    private readonly audit: ClinicAudit,
  ) {}

  /** The treatments the practitioner offers (404 when unknown), oldest treatment first. */
  async list(practitionerId: string): Promise<PractitionerTreatmentDto[]> {
    await this.practitioners.get(practitionerId);
    return this.offers(practitionerId);
  }

  /** What a known practitioner offers, with the duration that applies to them. */
  async offers(practitionerId: string): Promise<PractitionerTreatmentDto[]> {
    const rows = await (await this.tenant.getRepository(PractitionerTreatmentEntity))
      .createQueryBuilder('pt')
      .innerJoin(TreatmentEntity, 't', 't.id = pt.treatment_id')
      .select(['t.id AS id', 't.name AS name', 't.duration_minutes AS treatment_duration', 'pt.duration_minutes AS custom_duration', 't.is_active AS is_active'])
      .where('pt.practitioner_id = :practitionerId', { practitionerId })
      .orderBy('t.created_at', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .getRawMany<OfferRow>();
    return rows.map((r) => ({
      treatment_id: r.id,
      name: r.name,
      duration_minutes: r.custom_duration ?? r.treatment_duration,
      custom_duration_minutes: r.custom_duration,
      treatment_duration_minutes: r.treatment_duration,
      is_active: r.is_active,
    }));
  }

  /**
   * Replaces the whole list in one transaction. The same treatment twice: 400; a treatment this clinic does not
   * have: 404, and nothing changes.
   */
  async replace(practitionerId: string, dto: ReplacePractitionerTreatmentsDto, actor: RequestActor): Promise<PractitionerTreatmentDto[]> {
    const ids = dto.treatments.map((t) => t.treatment_id.toLowerCase());
    const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
    if (duplicate) throw practitionersError(PractitionersErrorCode.DuplicateTreatment, `Treatment ${duplicate} is listed more than once`);
    await (await this.tenant.dataSource()).transaction(async (manager) => {
      await lockPractitioner(manager, practitionerId);
      if (ids.length > 0) {
        const known = new Set((await manager.getRepository(TreatmentEntity).find({ select: { id: true }, where: { id: In(ids) } })).map((t) => t.id));
        const unknown = ids.find((id) => !known.has(id));
        if (unknown) throw practitionersError(PractitionersErrorCode.TreatmentNotFound, `No such treatment in this clinic: ${unknown}`);
      }
      const repository = manager.getRepository(PractitionerTreatmentEntity);
      await repository.delete({ practitionerId });
      if (ids.length > 0) {
        await repository.insert(dto.treatments.map((t, i) => ({ practitionerId, treatmentId: ids[i], durationMinutes: t.duration_minutes ?? null })));
      }
    });
    await this.audit.record('practitioner_treatments.replaced', 'practitioner', practitionerId, actor);
    return this.offers(practitionerId);
  }
}
