import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditLogEntity } from '../entities';

/** One audited action. Ids only: never a name, phone number, e-mail or message text. */
export interface AuditEntry {
  action: string;
  actorUserId?: string | null;
  actorRole?: string | null;
  clinicId?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  ip?: string | null;
  requestId?: string | null;
}

/** Writes the central audit log. */
@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(@InjectRepository(AuditLogEntity) private readonly entries: Repository<AuditLogEntity>) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.entries.insert({
      action: entry.action,
      actorUserId: entry.actorUserId ?? null,
      actorRole: entry.actorRole ?? null,
      clinicId: entry.clinicId ?? null,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      ip: entry.ip?.slice(0, 45) ?? null,
      requestId: entry.requestId?.slice(0, 64) ?? null,
    });
    this.logger.log({ audit: entry.action, clinicId: entry.clinicId, targetId: entry.targetId }, 'audit');
  }

  list(clinicId: string | null, limit: number, offset: number): Promise<AuditLogEntity[]> {
    return this.entries.find({
      where: clinicId ? { clinicId } : {},
      order: { occurredAt: 'DESC', id: 'DESC' },
      take: limit,
      skip: offset,
    });
  }
}
