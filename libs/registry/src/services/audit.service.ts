import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { escapeLike, Page, pageOf } from '@sophie/common';
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

/** Which entries of the audit log to read. Every field narrows; none given means every entry. */
export interface AuditFilter {
  /** One clinic's entries (registry-level entries have none and are left out). */
  clinicId?: string;
  /** An exact action (`patient.read`), or a prefix ending with `*` (`patient.*`). */
  action?: string;
  targetType?: string;
  targetId?: string;
  /** Entries that occurred at or after this instant. */
  from?: Date;
  /** Entries that occurred at or before this instant. */
  to?: Date;
}

/** Writes and reads the central audit log. */
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

  /** One page of the entries matching `filter`, newest first, and how many match in all. */
  async page(filter: AuditFilter, page: { limit: number; offset: number }): Promise<Page<AuditLogEntity>> {
    const qb = this.entries.createQueryBuilder('a');
    if (filter.clinicId !== undefined) qb.andWhere('a.clinic_id = :clinicId', { clinicId: filter.clinicId });
    if (filter.action !== undefined) {
      if (filter.action.endsWith('*')) {
        qb.andWhere(`a.action LIKE :prefix ESCAPE '\\'`, { prefix: `${escapeLike(filter.action.slice(0, -1))}%` });
      } else {
        qb.andWhere('a.action = :action', { action: filter.action });
      }
    }
    if (filter.targetType !== undefined) qb.andWhere('a.target_type = :targetType', { targetType: filter.targetType });
    if (filter.targetId !== undefined) qb.andWhere('a.target_id = :targetId', { targetId: filter.targetId });
    if (filter.from !== undefined) qb.andWhere('a.occurred_at >= :from', { from: filter.from });
    if (filter.to !== undefined) qb.andWhere('a.occurred_at <= :to', { to: filter.to });
    // (clinic_id, occurred_at DESC) and (occurred_at DESC) are indexed (registry init migration).
    qb.orderBy('a.occurredAt', 'DESC').addOrderBy('a.id', 'DESC').take(page.limit).skip(page.offset);
    const [items, total] = await qb.getManyAndCount();
    return pageOf(items, total, page);
  }
}
