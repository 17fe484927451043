import { Injectable } from '@nestjs/common';
import { PatientsService } from '@sophie/patients';
import { PractitionersService } from '@sophie/practitioners';
import { ClinicRegistryService } from '@sophie/registry';
import { TenantConnectionProvider } from '@sophie/tenancy';
import { ClinicsErrorCode, clinicsError } from './clinics-error-code';
import { ClinicResponseDto, ClinicWithFiguresDto } from './dto/clinic-response.dto';

/** A clinic's profile (registry) with figures read from its own database: proof of routing. */
@Injectable()
export class ClinicProfileService {
  constructor(
    private readonly registry: ClinicRegistryService,
    private readonly tenant: TenantConnectionProvider,
    private readonly patients: PatientsService,
    private readonly practitioners: PractitionersService,
  ) {}

  async get(clinicId: string): Promise<ClinicWithFiguresDto> {
    // The clinic database answers 404/403/503 for unknown, suspended or unreachable clinics.
    const [clinic, patients, practitioners, schemaVersion] = await Promise.all([
      this.registry.findById(clinicId),
      this.patients.count(),
      this.practitioners.count(),
      this.tenant.schemaVersion(),
    ]);
    if (!clinic) throw clinicsError(ClinicsErrorCode.ClinicNotFound, 'No such clinic');
    return { ...ClinicResponseDto.from(clinic), figures: { patients, practitioners, schema_version: schemaVersion } };
  }
}
