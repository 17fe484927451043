import { Injectable, Logger } from '@nestjs/common';
import { MessagesService } from '@sophie/conversations';
import { safeErrorForLog } from '@sophie/common';
import { TenantConnectionProvider } from '@sophie/tenancy';
import { WhatsAppConfigService } from '../config/whatsapp-config.service';
import { InboxDispatcher } from '../dispatch/inbox-dispatcher';
import { SystemEvent, SystemLogService } from '../system-log/system-log.service';
import { WhatsAppErrorCode, whatsappError } from '../whatsapp-error-code';
import { isValidSignature, sameSecret } from './signature';
import { parseWebhook } from './webhook-payload';

export interface IntakeResult {
  readonly stored: number;
  readonly duplicates: number;
  readonly statuses: number;
}

/**
 * A clinic's webhook: verification, then intake. Every inbound message is in the clinic database before the answer
 * goes back; the work on it happens later, from the durable queue.
 */
@Injectable()
export class WebhookIntakeService {
  private readonly logger = new Logger(WebhookIntakeService.name);

  constructor(
    private readonly tenant: TenantConnectionProvider,
    private readonly config: WhatsAppConfigService,
    private readonly messages: MessagesService,
    private readonly systemLog: SystemLogService,
    private readonly dispatcher: InboxDispatcher,
  ) {}

  /** Meta's subscription check: the challenge when mode and token are right, 403 otherwise. */
  async verify(mode: unknown, token: unknown, challenge: unknown): Promise<string> {
    const keys = await this.config.webhookKeys();
    const valid = keys !== null && mode === 'subscribe' && sameSecret(token, keys.verifyToken) && typeof challenge === 'string' && /^[\w-]{1,256}$/.test(challenge);
    if (!valid) {
      if (keys === null) await this.systemLog.record('warn', SystemEvent.ConfigNotFound, { during: 'verification' });
      throw whatsappError(WhatsAppErrorCode.WebhookForbidden, 'Verification refused');
    }
    return challenge;
  }

  async receive(signature: string | string[] | undefined, rawBody: Buffer | undefined, body: unknown): Promise<IntakeResult> {
    const keys = await this.config.webhookKeys();
    if (keys === null) {
      await this.systemLog.record('warn', SystemEvent.ConfigNotFound, { during: 'delivery' });
      throw whatsappError(WhatsAppErrorCode.WebhookForbidden, 'This clinic has no WhatsApp configuration');
    }
    if (!isValidSignature(signature, rawBody, keys.appSecret)) {
      await this.systemLog.record('warn', SystemEvent.BadSignature, { signature: signature === undefined ? 'missing' : 'mismatch' });
      throw whatsappError(WhatsAppErrorCode.WebhookForbidden, 'Invalid signature');
    }
    const parsed = parseWebhook(body, keys.phoneNumberId);
    if (parsed === null) throw whatsappError(WhatsAppErrorCode.InvalidPayload, 'Not a WhatsApp Business Account notification');
    if (parsed.foreignPhoneNumberIds.length > 0) {
      await this.systemLog.record('warn', SystemEvent.ForeignPhoneNumber, { phoneNumberIds: [...new Set(parsed.foreignPhoneNumberIds)].slice(0, 5) });
    }

    const stored = await this.messages.storeInbound(parsed.messages);
    for (const status of parsed.statuses) await this.messages.applyStatus(status);
    if (stored.pendingConversationIds.length > 0) {
      try {
        await this.dispatcher.processInbound(this.tenant.clinicId, stored.pendingConversationIds);
      } catch (error) {
        // Stored but not queued: answer 503 so Meta delivers again; the redelivery queues what is still pending.
        this.logger.error({ clinicId: this.tenant.clinicId, error: safeErrorForLog(error) }, 'inbound stored but not queued');
        throw whatsappError(WhatsAppErrorCode.InboxUnavailable, 'Stored, but the processing queue is unavailable: deliver again');
      }
    }
    return { stored: stored.stored, duplicates: stored.duplicates, statuses: parsed.statuses.length };
  }
}
