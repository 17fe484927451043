import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { RequestActor } from '@sophie/auth';
import { escapeLike, Page, pageOf, withoutUndefined } from '@sophie/common';
import { ClinicSettingsService } from '@sophie/settings';
import { ClinicAudit, TenantConnectionProvider } from '@sophie/tenancy';
import type { CreatePatientDto } from './dto/create-patient.dto';
import type { ListPatientsQueryDto } from './dto/list-patients-query.dto';
import type { UpdatePatientDto } from './dto/update-patient.dto';
import { PatientEntity } from './patient.entity';
import { PatientsErrorCode, patientsError } from './patients-error-code';
import { toE164 } from './phone';


/** Patients of the current request's clinic. Every read and write is audited (ids only). */
@Injectable()
export class PatientsService {
  constructor(
    private readonly tenant: TenantConnectionProvider,
    private readonly settings: ClinicSettingsService,
    private readonly audit: ClinicAudit,
  ) {}

  async count(): Promise<number> {
    const row = await (await this.tenant.getRepository(PatientEntity))
      .createQueryBuilder()
      .select('count(*)::int', 'n')
      .getRawOne<{ n: number }>();
    return row?.n ?? 0;
  }

  /** Patients by name or phone digits, ordered by name. */
  async list(query: ListPatientsQueryDto, actor: RequestActor): Promise<Page<PatientEntity>> {
    const qb = (await this.tenant.getRepository(PatientEntity)).createQueryBuilder('p');
    const term = query.search?.trim().toLowerCase();
    if (term) {
      qb.where(`lower(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')) LIKE :name`, { name: `%${escapeLike(term)}%` });
      const digits = term.replace(/\D/g, '');
      if (digits.length >= 3) qb.orWhere('p.phone LIKE :phone', { phone: `%${digits.replace(/^0+/, '')}%` });
    }
    qb.orderBy('p.last_name', 'ASC', 'NULLS LAST').addOrderBy('p.first_name', 'ASC', 'NULLS LAST').addOrderBy('p.id', 'ASC');
    const [items, total] = await qb.take(query.limit).skip(query.offset).getManyAndCount();
    await this.audit.record('patients.listed', null, null, actor);
    return pageOf(items, total, query);
  }

  async get(id: string, actor: RequestActor): Promise<PatientEntity> {
    const patient = await this.find(id);
    await this.audit.record('patient.read', 'patient', id, actor);
    return patient;
  }

  async create(dto: CreatePatientDto, actor: RequestActor): Promise<PatientEntity> {
    const repository = await this.tenant.getRepository(PatientEntity);
    const phone = await this.phone(dto.phone);
    if (await repository.existsBy({ phone })) throw patientsError(PatientsErrorCode.PhoneTaken, 'A patient with this phone number already exists');
    const saved = await repository.save(repository.create({ ...this.fields(dto), phone }));
    await this.audit.record('patient.created', 'patient', saved.id, actor);
    return this.find(saved.id);
  }

  async update(id: string, dto: UpdatePatientDto, actor: RequestActor): Promise<PatientEntity> {
    const repository = await this.tenant.getRepository(PatientEntity);
    await this.find(id);
    const patch: Partial<PatientEntity> = this.fields(dto);
    if (dto.phone !== undefined) {
      patch.phone = await this.phone(dto.phone);
      const holder = await repository.findOneBy({ phone: patch.phone });
      if (holder && holder.id !== id) throw patientsError(PatientsErrorCode.PhoneTaken, 'A patient with this phone number already exists');
    }
    if (Object.keys(patch).length > 0) await repository.update({ id }, patch);
    await this.audit.record('patient.updated', 'patient', id, actor);
    return this.find(id);
  }

  /** The patient with this E.164 phone, if any (the assistant recognising who writes). */
  async findByPhone(phone: string): Promise<PatientEntity | null> {
    return (await this.tenant.getRepository(PatientEntity)).findOneBy({ phone });
  }

  /** The patient, or null (no audit: the caller records what it does with it). */
  /** Display names ("First Last") of these patients, for lists that show who an appointment is for. */
  async namesOf(ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await (await this.tenant.getRepository(PatientEntity)).createQueryBuilder('p').select(['p.id', 'p.firstName', 'p.lastName', 'p.phone']).where('p.id IN (:...ids)', { ids: unique }).getMany();
    return new Map(rows.map((p) => [p.id, patientDisplayName(p)]));
  }

  async findById(id: string): Promise<PatientEntity | null> {
    return (await this.tenant.getRepository(PatientEntity)).findOneBy({ id });
  }

  /** Records where the photo of the patient's insurance card is kept (a file they sent on WhatsApp). */
  async setInsuranceCard(id: string, reference: string, actor: RequestActor): Promise<void> {
    await (await this.tenant.getRepository(PatientEntity)).update({ id }, { insuranceCardUrl: reference });
    await this.audit.record('patient.updated', 'patient', id, actor);
  }

  /** 404 unless the patient exists; reads nothing of the record, so it is not audited as a read. */
  async assertExists(id: string): Promise<void> {
    const exists = await (await this.tenant.getRepository(PatientEntity)).existsBy({ id });
    if (!exists) throw patientsError(PatientsErrorCode.PatientNotFound, 'No such patient');
  }

  /** The patient record as stored, for the patient's own export (the caller audits the export). */
  async exportRecord(id: string): Promise<PatientEntity> {
    return this.find(id);
  }

  /** Deletes the patient row; appointments keep their dates with no patient (foreign key SET NULL). */
  async erase(id: string): Promise<PatientEntity> {
    const patient = await this.find(id);
    await (await this.tenant.getRepository(PatientEntity)).delete({ id });
    return patient;
  }

  private async find(id: string): Promise<PatientEntity> {
    const patient = await (await this.tenant.getRepository(PatientEntity)).findOneBy({ id });
    if (!patient) throw patientsError(PatientsErrorCode.PatientNotFound, 'No such patient');
    return patient;
  }

  private async phone(input: string): Promise<string> {
    const e164 = toE164(input, (await this.settings.get()).defaultPhoneCountry);
    if (!e164) throw patientsError(PatientsErrorCode.InvalidPhone, 'phone must be a valid phone number');
    return e164;
  }

  /** The entity fields a create or update DTO sets (phone apart), validated beyond what the DTO can check. */
  private fields(dto: UpdatePatientDto): Partial<PatientEntity> {
    if (dto.birth_date !== undefined) {
      const birth = DateTime.fromISO(dto.birth_date, { zone: 'UTC' });
      const today = DateTime.utc();
      if (!birth.isValid || birth > today || birth.year < 1900) {
        throw patientsError(PatientsErrorCode.InvalidBirthDate, 'birth_date must be a real date between 1900 and today');
      }
    }
    const fields: Partial<PatientEntity> = {
      firstName: dto.first_name,
      lastName: dto.last_name,
      email: dto.email?.toLowerCase(),
      birthDate: dto.birth_date,
      hasSocialInsurance: dto.has_social_insurance,
      socialInsuranceType: dto.social_insurance_type,
      beneficiaryNumber: dto.beneficiary_number,
      guaranteeNumber: dto.guarantee_number,
    };
    return withoutUndefined(fields);
  }

}

/** How staff see a patient named: "First Last", or the phone number for a patient without a name. */
export function patientDisplayName(patient: Pick<PatientEntity, 'firstName' | 'lastName' | 'phone'>): string {
  return [patient.firstName, patient.lastName].filter(Boolean).join(' ') || patient.phone;
}
