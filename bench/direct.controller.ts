import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ClinicResponseDto, ClinicsErrorCode, ClinicWithFiguresDto, clinicsError } from '@sophie/clinics';
import { PatientEntity } from '@sophie/patients';
import { PractitionerEntity } from '@sophie/practitioners';
import { ClinicRegistryService } from '@sophie/registry';
import { ClinicSettingsDto, ClinicSettingsEntity } from '@sophie/settings';
import { TenantPoolCache, TenantResolver } from '@sophie/tenancy';
import { countOf, schemaVersionOf } from './single-db';

/**
 * The routed work of GET /api/clinics/:clinicId from a singleton controller that calls the tenancy
 * singletons directly: no TenantConnectionProvider and no async-context scope, so the difference with the routed endpoint is
 * what request scope costs.
 */
@Controller('bench/direct/clinics/:clinicId')
export class DirectController {
  constructor(
    private readonly resolver: TenantResolver,
    private readonly pools: TenantPoolCache,
    private readonly registry: ClinicRegistryService,
  ) {}

  @Get()
  async get(@Param('clinicId', new ParseUUIDPipe()) clinicId: string): Promise<ClinicWithFiguresDto> {
    const route = await this.resolver.resolve(clinicId);
    return this.pools.withClinic(route, async (dataSource) => {
      const clinic = await this.registry.findById(clinicId);
      if (!clinic) throw clinicsError(ClinicsErrorCode.ClinicNotFound, 'No such clinic');
      const [patients, practitioners, schemaVersion, settings] = await Promise.all([
        countOf(dataSource.getRepository(PatientEntity).createQueryBuilder()),
        countOf(dataSource.getRepository(PractitionerEntity).createQueryBuilder()),
        schemaVersionOf(dataSource),
        dataSource.getRepository(ClinicSettingsEntity).findOneByOrFail({ id: true }),
      ]);
      return { ...ClinicResponseDto.from(clinic), figures: { patients, practitioners, schema_version: schemaVersion }, settings: ClinicSettingsDto.from(settings) };
    });
  }
}
