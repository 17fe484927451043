import { Injectable } from '@nestjs/common';
import type { RequestActor } from '@sophie/auth';
import { AuditService } from '@sophie/registry';
import { TenantConnectionProvider } from '@sophie/tenancy';

export type PractitionersAuditTarget = 'practitioner' | 'treatment' | 'closure';

/** The audit trail of this domain's writes, in the central log: action and ids only, never a name. */
@Injectable()
export class PractitionersAudit {
  constructor(
    private readonly audit: AuditService,
    private readonly tenant: TenantConnectionProvider,
  ) {}

  record(action: string, targetType: PractitionersAuditTarget, targetId: string, actor: RequestActor): Promise<void> {
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
