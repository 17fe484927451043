import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@sophie/auth';
import { Page, withoutUndefined } from '@sophie/common';
import { AuditFilter, AuditLogEntity, AuditService, ClinicRegistryService, ClinicStatus, UserRole } from '@sophie/registry';
import { TenancyErrorCode, tenancyError } from '@sophie/tenancy';
import { ClinicsErrorCode, clinicsError } from './clinics-error-code';
import type { AuditQueryDto, SuperadminAuditQueryDto } from './dto/audit.dto';

/**
 * Reads the central audit log for a clinic's admin or a superadmin. Registry only: no clinic
 * database is opened. Reading the log is not itself audited.
 */
@Injectable()
export class AuditLogService {
  constructor(
    private readonly audit: AuditService,
    private readonly clinics: ClinicRegistryService,
  ) {}

  /**
   * One clinic's entries. The guards have already checked that the caller belongs to the clinic or
   * is SUPERADMIN; a suspended clinic's own admin is refused as on every clinic route (403), a
   * superadmin may still read it.
   */
  async clinicPage(clinicId: string, query: AuditQueryDto, caller: AuthUser): Promise<Page<AuditLogEntity>> {
    const clinic = await this.clinics.findById(clinicId);
    if (!clinic) throw clinicsError(ClinicsErrorCode.ClinicNotFound, 'No such clinic');
    if (clinic.status === ClinicStatus.Suspended && caller.role !== UserRole.SuperAdmin) {
      throw tenancyError(TenancyErrorCode.ClinicSuspended, 'This clinic is suspended');
    }
    return this.audit.page({ ...filterOf(query), clinicId: clinic.id }, query);
  }

  /** Every clinic's entries and the registry-level ones (logins, …), or one clinic's with clinic_id. */
  allPage(query: SuperadminAuditQueryDto): Promise<Page<AuditLogEntity>> {
    return this.audit.page({ ...filterOf(query), clinicId: query.clinic_id }, query);
  }
}

function filterOf(query: AuditQueryDto): AuditFilter {
  return withoutUndefined({
    action: query.action,
    targetType: query.target_type,
    // Target ids are stored as PostgreSQL prints uuids: lower case.
    targetId: query.target_id?.toLowerCase(),
    from: query.from === undefined ? undefined : new Date(query.from),
    to: query.to === undefined ? undefined : new Date(query.to),
  });
}
