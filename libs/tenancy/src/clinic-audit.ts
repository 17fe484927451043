import { Injectable } from '@nestjs/common';
import { AuditService } from '@sophie/registry';
import { TenantConnectionProvider } from './pools/tenant-connection.provider';

/** Who acted: the authenticated user of a request (null ids for the assistant or a job). */
export interface AuditActor {
  readonly userId: string | null;
  readonly role: string | null;
  readonly ip: string | null;
  readonly requestId: string | null;
}

/** The central audit trail of the current clinic's records: action and ids only, never a name or a phone. */
@Injectable()
export class ClinicAudit {
  constructor(
    private readonly audit: AuditService,
    private readonly tenant: TenantConnectionProvider,
  ) {}

  record(action: string, targetType: string | null, targetId: string | null, actor: AuditActor): Promise<void> {
    return this.audit.record({
      action,
      clinicId: this.tenant.clinicId,
      targetType,
      targetId,
      actorUserId: actor.userId,
      actorRole: actor.role,
      ip: actor.ip,
      requestId: actor.requestId,
    });
  }
}
