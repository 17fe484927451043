import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { ClinicResponseDto, ClinicsErrorCode, ClinicWithFiguresDto, clinicsError } from '@sophie/clinics';
import { ClinicRegistryService, ClinicStatus } from '@sophie/registry';
import { TenancyErrorCode, tenancyError } from '@sophie/tenancy';
import { ClinicSettingsDto } from '@sophie/settings';
import { countOf, schemaVersionOf, SingleClinicSettingsEntity, SinglePatientEntity, SinglePractitionerEntity } from './single-db';

/** The name of the fixed DataSource (a second TypeORM connection beside the registry's). */
export const SINGLE_DB = 'bench_single';

/**
 * Baseline: the same work as GET /api/clinics/:clinicId, on ONE fixed DataSource (singleton)
 * whose tables carry a clinic_id column. Same global guards, same pipe, same response.
 */
@Controller('bench/single/clinics/:clinicId')
export class SingleDbController {
  private readonly patients: Repository<SinglePatientEntity>;
  private readonly practitioners: Repository<SinglePractitionerEntity>;
  private readonly settings: Repository<SingleClinicSettingsEntity>;

  constructor(
    @InjectDataSource(SINGLE_DB) private readonly db: DataSource,
    private readonly registry: ClinicRegistryService,
  ) {
    this.patients = db.getRepository(SinglePatientEntity);
    this.practitioners = db.getRepository(SinglePractitionerEntity);
    this.settings = db.getRepository(SingleClinicSettingsEntity);
  }

  @Get()
  async get(@Param('clinicId', new ParseUUIDPipe()) clinicId: string): Promise<ClinicWithFiguresDto> {
    const clinic = await this.registry.findById(clinicId);
    if (!clinic) throw clinicsError(ClinicsErrorCode.ClinicNotFound, 'No such clinic');
    // What the resolver's status check does for the routed endpoint.
    if (clinic.status !== ClinicStatus.Active) throw tenancyError(TenancyErrorCode.ClinicSuspended, 'This clinic is not active');
    const [patients, practitioners, schemaVersion, settings] = await Promise.all([
      countOf(this.patients.createQueryBuilder('p').where('p.clinic_id = :clinicId', { clinicId })),
      countOf(this.practitioners.createQueryBuilder('p').where('p.clinic_id = :clinicId', { clinicId })),
      schemaVersionOf(this.db),
      this.settings.findOneByOrFail({ clinicId }),
    ]);
    return { ...ClinicResponseDto.from(clinic), figures: { patients, practitioners, schema_version: schemaVersion }, settings: ClinicSettingsDto.from(settings) };
  }
}
