import { Injectable, Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { safeErrorForLog } from '@sophie/common';
import { TenantConnectionProvider } from '@sophie/tenancy';
import { SystemLogEntity, SystemLogLevel } from './system-log.entity';

export enum SystemEvent {
  ConfigNotFound = 'whatsapp.config_not_found',
  BadSignature = 'whatsapp.bad_signature',
  ForeignPhoneNumber = 'whatsapp.foreign_phone_number',
  SendFailed = 'whatsapp.send_failed',
  TokenInvalid = 'whatsapp.token_invalid',
  TemplateError = 'whatsapp.template_error',
  MediaRejected = 'whatsapp.media_rejected',
  MediaFailed = 'whatsapp.media_failed',
}

/** Events an outsider can cause (anyone may call a webhook URL) are written at most once per this period per clinic. */
const FLOOD_WINDOW_MS = 10_000;
const FLOODABLE = new Set<string>([SystemEvent.ConfigNotFound, SystemEvent.BadSignature, SystemEvent.ForeignPhoneNumber]);

/**
 * The clinic's system log, in its own database; mirrored to the process log (ids and codes only). Writing it never
 * fails the work that reports the event.
 */
@Injectable()
export class SystemLogService {
  private readonly logger = new Logger(SystemLogService.name);
  private readonly recent = new LRUCache<string, true>({ max: 50_000, ttl: FLOOD_WINDOW_MS });

  constructor(private readonly tenant: TenantConnectionProvider) {}

  async record(level: SystemLogLevel, event: SystemEvent, details: Record<string, unknown> = {}, conversationId: string | null = null): Promise<void> {
    const clinicId = this.tenant.clinicId;
    this.logger[level === 'info' ? 'log' : level]({ clinicId, event, conversationId, ...details }, 'system event');
    if (FLOODABLE.has(event)) {
      const key = `${clinicId}:${event}`;
      if (this.recent.has(key)) return;
      this.recent.set(key, true);
    }
    try {
      const repository = await this.tenant.getRepository(SystemLogEntity);
      await repository.save(repository.create({ level, event, conversationId, details }), { reload: false });
    } catch (error) {
      this.logger.warn({ clinicId, event, error: safeErrorForLog(error) }, 'system log not written');
    }
  }
}
