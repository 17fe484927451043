import { Injectable } from '@nestjs/common';
import type { ConversationEntity, MessageEntity } from '@sophie/conversations';

/**
 * What understands an inbound message and answers it (the assistant plugs in here). Called once per message, in
 * order, inside the transaction that marks the message processed: replies it queues through OutboundService are
 * committed together with that mark, so a retried job never answers twice.
 */
export abstract class InboundMessageHandler {
  abstract handle(conversation: ConversationEntity, message: MessageEntity): Promise<void>;
}

/** Used while no assistant is installed: messages are stored, read and shown to staff; nothing is answered. */
@Injectable()
export class NoAssistant extends InboundMessageHandler {
  handle(): Promise<void> {
    return Promise.resolve();
  }
}
