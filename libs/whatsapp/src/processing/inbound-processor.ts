import { Injectable, Logger } from '@nestjs/common';
import { ConversationsService, MessagesService, type MessageEntity } from '@sophie/conversations';
import { safeErrorForLog } from '@sophie/common';
import { TenantConnectionProvider } from '@sophie/tenancy';
import { WhatsAppApiError, WhatsAppCloudClient, type WhatsAppCredentials } from '../client';
import { WhatsAppConfigService } from '../config/whatsapp-config.service';
import { MediaStore } from '../media/media-store';
import { SystemEvent, SystemLogService } from '../system-log/system-log.service';
import { InboundHandlerRegistry } from './inbound-message-handler';
import { OutboundService } from './outbound.service';

/**
 * Works through one conversation's stored inbound messages, in order (the queue runs one job per conversation at a
 * time): fetches media, hands each message to the assistant and stores its replies in the same transaction that marks
 * it processed, marks it read at Meta, then queues the sending of what the assistant answered.
 */
@Injectable()
export class InboundProcessor {
  private readonly logger = new Logger(InboundProcessor.name);

  constructor(
    private readonly tenant: TenantConnectionProvider,
    private readonly conversations: ConversationsService,
    private readonly messages: MessagesService,
    private readonly config: WhatsAppConfigService,
    private readonly client: WhatsAppCloudClient,
    private readonly media: MediaStore,
    private readonly handler: InboundHandlerRegistry,
    private readonly outbound: OutboundService,
    private readonly systemLog: SystemLogService,
  ) {}

  async processConversation(conversationId: string): Promise<number> {
    const pending = await this.messages.pendingInbound(conversationId);
    // Nothing left to handle, yet replies may wait: a run that stopped (a crash) after committing them and before
    // queueing their send is repeated as this, and must still send them.
    if (pending.length === 0) return this.sendQueuedReplies(conversationId, 0);
    const credentials = await this.config.credentials();
    let processed = 0;
    for (const message of pending) {
      if (message.mediaStatus === 'pending' && credentials) await this.fetchMedia(message, credentials);
      const done = await this.tenant.transaction(async () => {
        if (!(await this.messages.markProcessed(message.id))) return false;
        const replies = await this.handler.handle(await this.conversations.get(conversationId), message);
        for (const reply of replies) await this.outbound.enqueue(conversationId, reply, 'assistant', null);
        return true;
      });
      if (!done) continue;
      processed += 1;
      if (credentials && message.whatsappMessageId) await this.markRead(credentials, message.whatsappMessageId);
    }
    return this.sendQueuedReplies(conversationId, processed);
  }

  private async sendQueuedReplies(conversationId: string, processed: number): Promise<number> {
    if ((await this.messages.queuedOutbound(conversationId)).length > 0) await this.outbound.dispatch(conversationId);
    return processed;
  }

  private async fetchMedia(message: MessageEntity, credentials: WhatsAppCredentials): Promise<void> {
    try {
      const result = await this.media.fetch(message, credentials);
      if (result.outcome === 'rejected') {
        await this.systemLog.record('warn', SystemEvent.MediaRejected, { messageId: message.id, type: message.type, reason: result.reason }, message.conversationId);
      }
    } catch (error) {
      if (error instanceof WhatsAppApiError && !error.retryable) {
        await this.media.fail(message);
        await this.systemLog.record('warn', SystemEvent.MediaFailed, { messageId: message.id, kind: error.kind, code: error.code }, message.conversationId);
        return;
      }
      throw error;
    }
  }

  /** Blue ticks are a courtesy: a failure is logged, never retried at the cost of the patient's answer. */
  private async markRead(credentials: WhatsAppCredentials, whatsappMessageId: string): Promise<void> {
    try {
      await this.client.markAsRead(credentials, whatsappMessageId);
    } catch (error) {
      this.logger.warn({ clinicId: this.tenant.clinicId, error: safeErrorForLog(error) }, 'mark as read failed');
    }
  }
}
