import { Injectable } from '@nestjs/common';
import { ConversationsService, type MessageEntity, MessagesService } from '@sophie/conversations';
import { TenantConnectionProvider } from '@sophie/tenancy';
import { type OutboundContent, validateContent } from '../client';
import { InboxDispatcher } from '../dispatch/inbox-dispatcher';
import { WhatsAppErrorCode, whatsappError } from '../whatsapp-error-code';

/** What staff read in the inbox for an outbound message. */
function inboxText(content: OutboundContent): string | null {
  switch (content.kind) {
    case 'text':
    case 'buttons':
    case 'list':
      return content.body;
    case 'template':
      return `[template ${content.name}]`;
  }
}

/**
 * Queues messages to a patient: stored first (validated against Meta's limits), then sent by the durable queue in
 * order. Inside a tenant transaction (the assistant's), call `dispatch` after the commit.
 */
@Injectable()
export class OutboundService {
  constructor(
    private readonly tenant: TenantConnectionProvider,
    private readonly conversations: ConversationsService,
    private readonly messages: MessagesService,
    private readonly dispatcher: InboxDispatcher,
  ) {}

  /** Stores a message to send; does not queue the send (see `dispatch`). */
  async enqueue(conversationId: string, content: OutboundContent, sentBy: 'assistant' | 'staff', userId: string | null): Promise<MessageEntity> {
    validateContent(content);
    return this.messages.queueOutbound(conversationId, { ...content }, inboxText(content), sentBy, userId);
  }

  /** Queues the sending of a conversation's stored messages. */
  dispatch(conversationId: string): Promise<void> {
    return this.dispatcher.sendOutbound(this.tenant.clinicId, conversationId);
  }

  /**
   * A staff reply, stored and queued at once: free text only within Meta's 24-hour customer-service window (from
   * the patient's last message), a template otherwise.
   */
  async reply(conversationId: string, reply: { text?: string; template?: { name: string; language_code: string; parameters?: string[] } }, userId: string | null): Promise<MessageEntity> {
    const conversation = await this.conversations.get(conversationId);
    if ((reply.text === undefined) === (reply.template === undefined)) {
      throw whatsappError(WhatsAppErrorCode.ReplyShape, 'Send either text or a template');
    }
    let content: OutboundContent;
    if (reply.text !== undefined) {
      const open = conversation.lastInboundAt !== null && Date.now() - conversation.lastInboundAt.getTime() < CUSTOMER_SERVICE_WINDOW_MS;
      if (!open) throw whatsappError(WhatsAppErrorCode.OutsideWindow, 'More than 24 hours since the patient\'s last message: send a template');
      content = { kind: 'text', body: reply.text };
    } else {
      const template = reply.template as { name: string; language_code: string; parameters?: string[] };
      content = {
        kind: 'template',
        name: template.name,
        languageCode: template.language_code,
        components: template.parameters?.length ? [{ type: 'body', parameters: template.parameters.map((text) => ({ type: 'text', text })) }] : undefined,
      };
    }
    const message = await this.enqueue(conversationId, content, 'staff', userId);
    await this.dispatch(conversationId);
    return message;
  }
}

/** Meta's customer-service window: free-form messages within 24 hours of the user's last message. */
const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;
