import { ConversationEntity } from './conversation.entity';
import { MessageEntity } from './message.entity';

export * from './conversation.dto';
export * from './conversation.entity';
export * from './conversations-error-code';
export * from './conversations.module';
export * from './conversations.service';
export * from './inbound-message';
export * from './list-conversations-query.dto';
export * from './message.entity';
export * from './messages.service';

/** Entities this module keeps in each clinic database. */
export const CONVERSATION_ENTITIES = [ConversationEntity, MessageEntity];
