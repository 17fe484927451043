import { HttpStatus } from '@nestjs/common';
import { domainErrors } from '@sophie/common';

/** Error codes of the conversations module. */
export enum ConversationsErrorCode {
  ConversationNotFound = 'CONVERSATION_NOT_FOUND',
  MessageNotFound = 'MESSAGE_NOT_FOUND',
}

export const conversationsError = domainErrors<ConversationsErrorCode>({
  [ConversationsErrorCode.ConversationNotFound]: HttpStatus.NOT_FOUND,
  [ConversationsErrorCode.MessageNotFound]: HttpStatus.NOT_FOUND,
});
