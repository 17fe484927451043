import { Injectable } from '@nestjs/common';
import { ConversationsService, MessagesService } from '@sophie/conversations';
import { MetricsService } from '@sophie/metrics';
import { type OutboundContent, WhatsAppApiError, WhatsAppCloudClient, WhatsAppContentInvalid } from '../client';
import { WhatsAppConfigService } from '../config/whatsapp-config.service';
import { SystemEvent, SystemLogService } from '../system-log/system-log.service';

/**
 * Sends one conversation's queued messages, oldest first. A retryable failure (throttling, Meta down, timeout) stops
 * here and throws, so the job is retried with backoff and later messages never overtake it. A refused token leaves
 * the messages queued and marks the configuration; every other refusal fails that message with Meta's reason.
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

  async sendConversation(conversationId: string): Promise<number> {
    const queued = await this.messages.queuedOutbound(conversationId);
    if (queued.length === 0) return 0;
    const credentials = await this.config.credentials();
    if (!credentials) return 0; // kept queued: sent once the clinic has a working configuration again
    const conversation = await this.conversations.get(conversationId);
    const to = conversation.waId ?? conversation.userId;
    if (to === null) return 0;
    let sent = 0;
    for (const message of queued) {
      try {
        const { whatsappMessageId } = await this.client.send(credentials, to, message.payload as unknown as OutboundContent);
        await this.messages.markSent(message.id, whatsappMessageId);
        sent += 1;
      } catch (error) {
        if (error instanceof WhatsAppContentInvalid) {
          await this.messages.markFailed(message.id, { kind: 'content_invalid', message: error.message });
          continue;
        }
        if (error instanceof WhatsAppApiError) this.metrics.outboundError(error.code, error.kind);
        if (!(error instanceof WhatsAppApiError) || error.retryable) throw error;
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
}
