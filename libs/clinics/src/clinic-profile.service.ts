import { Injectable } from '@nestjs/common';
import type { RequestActor } from '@sophie/auth';
import { PatientsService } from '@sophie/patients';
import { PractitionersService } from '@sophie/practitioners';
import { AuditService, ClinicRegistryService } from '@sophie/registry';
import { ClinicSettingsDto, ClinicSettingsService } from '@sophie/settings';
import { TenantConnectionProvider, TenantResolver } from '@sophie/tenancy';
import { profileOf } from './clinic-profile-fields';
import { ClinicsErrorCode, clinicsError } from './clinics-error-code';
import { ClinicResponseDto, ClinicWithFiguresDto } from './dto/clinic-response.dto';
import type { UpdateClinicProfileDto } from './dto/update-clinic-profile.dto';

/** A clinic's profile (registry) with its settings and figures read from its own database. */
@Injectable()
export class ClinicProfileService {
  constructor(
    private readonly registry: ClinicRegistryService,
    private readonly tenant: TenantConnectionProvider,
    private readonly patients: PatientsService,
    private readonly practitioners: PractitionersService,
    private readonly settings: ClinicSettingsService,
    private readonly audit: AuditService,
    private readonly resolver: TenantResolver,
  ) {}

  async get(clinicId: string): Promise<ClinicWithFiguresDto> {
    // The clinic database answers 404/403/503 for unknown, suspended or unreachable clinics.
    const [clinic, patients, practitioners, schemaVersion, settings] = await Promise.all([
      this.registry.findById(clinicId),
      this.patients.count(),
      this.practitioners.count(),
      this.tenant.schemaVersion(),
      this.settings.get(),
    ]);
    if (!clinic) throw clinicsError(ClinicsErrorCode.ClinicNotFound, 'No such clinic');
    return {
      ...ClinicResponseDto.from(clinic),
      figures: { patients, practitioners, schema_version: schemaVersion },
      settings: ClinicSettingsDto.from(settings),
    };
  }

  /** The clinic's admin edits its profile and booking settings. */
  async update(clinicId: string, dto: UpdateClinicProfileDto, actor: RequestActor): Promise<ClinicWithFiguresDto> {
    await this.tenant.dataSource();
    await this.registry.updateProfile(clinicId, profileOf(dto));
    this.resolver.forgetRoute(clinicId); // its time zone may have changed
    if (dto.settings) await this.settings.update(dto.settings);
    await this.audit.record({
      action: 'clinic.profile_updated',
      clinicId,
      targetType: 'clinic',
      targetId: clinicId,
      actorUserId: actor.userId,
      actorRole: actor.role,
      ip: actor.ip,
      requestId: actor.requestId,
    });
    return this.get(clinicId);
  }
}
