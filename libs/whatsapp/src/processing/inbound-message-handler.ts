import { Injectable } from '@nestjs/common';
import type { ConversationEntity, MessageEntity } from '@sophie/conversations';
import type { OutboundContent } from '../client';

/**
 * What understands an inbound message and answers it (the assistant). Called once per message, in order, inside the
 * transaction that marks the message processed; the replies it returns are queued in that same transaction, so a
 * retried job never answers twice. It may update the conversation (state, language) through ConversationsService.
 */
export interface InboundMessageHandler {
  handle(conversation: ConversationEntity, message: MessageEntity): Promise<OutboundContent[]>;
}

/**
 * Where the assistant registers itself (the assistant's module imports this one, never the reverse). With nothing
 * registered, messages are stored, read and shown to staff, and nothing is answered.
 */
@Injectable()
export class InboundHandlerRegistry {
  private handler: InboundMessageHandler | null = null;

  register(handler: InboundMessageHandler): void {
    this.handler = handler;
  }

  async handle(conversation: ConversationEntity, message: MessageEntity): Promise<OutboundContent[]> {
    return this.handler ? this.handler.handle(conversation, message) : [];
  }
}
