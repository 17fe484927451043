import { Injectable } from '@nestjs/common';
import { ConversationsService, type MessageEntity, MessagesService } from '@sophie/conversations';
import { MetricsService } from '@sophie/metrics';
import { type OutboundContent, WhatsAppApiError, WhatsAppCloudClient, WhatsAppContentInvalid } from '../client';
import { WhatsAppConfigService } from '../config/whatsapp-config.service';
import { SystemEvent, SystemLogService } from '../system-log/system-log.service';

/** Where a send job stands in its retries: its last attempt must not leave messages silently queued. */
export interface SendAttempt {
  attempt: number;
  finalAttempt: boolean;
}

const FIRST_ATTEMPT: SendAttempt = { attempt: 1, finalAttempt: false };

/**
 * Sends one conversation's queued messages, oldest first. A retryable failure (throttling, Meta down, timeout) stops
 * here and throws, so the job is retried with backoff and later messages never overtake it; on the job's last
 * attempt the conversation's queued messages are failed instead (`gave_up`, with Meta's last reason), so staff see
 * them failed rather than queued forever. A refused token leaves the messages queued and marks the configuration;
 * every other refusal fails that message with Meta's reason.
 *
 * Meta offers no idempotency key: each send carries our message id as `biz_opaque_callback_data`, which Meta echoes
 * in the message's status webhooks, so a send whose answer was lost is recognised as sent when its status arrives
 * (see MessagesService.applyStatus); each message is checked to be still queued just before it is sent.
 */
@Injectable()
export class OutboundSender {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly messages: MessagesService,
    private readonly config: WhatsAppConfigService,
    private readonly client: WhatsAppCloudClient,
    private readonly systemLog: SystemLogService,
    private readonly metrics: MetricsService,
  ) {}

  async sendConversation(conversationId: string, attempt: SendAttempt = FIRST_ATTEMPT): Promise<number> {
    const queued = await this.messages.queuedOutbound(conversationId);
    if (queued.length === 0) return 0;
    const credentials = await this.config.credentials();
    if (!credentials) return 0; // kept queued: sent once the clinic has a working configuration again
    const conversation = await this.conversations.get(conversationId);
    const to = conversation.waId ?? conversation.userId;
    if (to === null) return 0;
    let sent = 0;
    for (const [index, message] of queued.entries()) {
      // Its status webhook may have shown that an earlier attempt reached Meta after all.
      if (!(await this.messages.isQueued(message.id))) continue;
      try {
        const { whatsappMessageId } = await this.client.send(credentials, to, message.payload as unknown as OutboundContent, { trackingId: message.id });
        await this.messages.markSent(message.id, whatsappMessageId);
        sent += 1;
      } catch (error) {
        if (error instanceof WhatsAppContentInvalid) {
          await this.messages.markFailed(message.id, { kind: 'content_invalid', message: error.message });
          continue;
        }
        if (error instanceof WhatsAppApiError) this.metrics.outboundError(error.code, error.kind);
        if (!(error instanceof WhatsAppApiError) || error.retryable) {
          if (attempt.finalAttempt) await this.giveUp(conversationId, queued.slice(index), error, attempt.attempt);
          throw error;
        }
        if (error.kind === 'invalid_token') {
          if (await this.config.markTokenInvalid()) await this.systemLog.record('error', SystemEvent.TokenInvalid, { code: error.code, subcode: error.subcode });
          return sent;
        }
        await this.messages.markFailed(message.id, { kind: error.kind, code: error.code, subcode: error.subcode, details: error.details });
        const event = error.kind === 'template' ? SystemEvent.TemplateError : SystemEvent.SendFailed;
        await this.systemLog.record('warn', event, { messageId: message.id, kind: error.kind, code: error.code }, conversationId);
      }
    }
    return sent;
  }

  /**
   * The last attempt failed: the message that failed shows Meta's last reason, the ones waiting behind it say so, and
   * the clinic's system log records it. The job still fails, into the dead-letter queue, for operators.
   */
  private async giveUp(conversationId: string, unsent: MessageEntity[], error: unknown, attempts: number): Promise<void> {
    const [first, ...behind] = unsent;
    const last = error instanceof WhatsAppApiError
      ? { last_kind: error.kind, http_status: error.httpStatus ?? null, code: error.code ?? null, details: error.details ?? error.message }
      : { last_kind: 'error', details: error instanceof Error ? error.name : 'unknown' };
    await this.messages.markFailed(first.id, { kind: 'gave_up', attempts, ...last });
    for (const message of behind) await this.messages.markFailed(message.id, { kind: 'gave_up', attempts, waiting_behind: first.id });
    await this.systemLog.record('error', SystemEvent.SendFailed, { messageId: first.id, kind: 'gave_up', attempts, messages: unsent.length, lastKind: last.last_kind }, conversationId);
  }
}
