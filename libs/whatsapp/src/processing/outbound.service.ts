import { Injectable } from '@nestjs/common';
import { ConversationsService, type MessageEntity, MessagesService } from '@sophie/conversations';
import { TenantConnectionProvider } from '@sophie/tenancy';
import { type OutboundContent, validateContent } from '../client';
import { InboxDispatcher } from '../dispatch/inbox-dispatcher';

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

  /** A staff reply: stored and queued at once. */
  async reply(conversationId: string, text: string, userId: string | null): Promise<MessageEntity> {
    await this.conversations.get(conversationId);
    const message = await this.enqueue(conversationId, { kind: 'text', body: text }, 'staff', userId);
    await this.dispatch(conversationId);
    return message;
  }
}
