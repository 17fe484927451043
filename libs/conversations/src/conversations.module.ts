import { Module } from '@nestjs/common';
import { ConversationsController } from './conversations.controller';
import { ConversationsService } from './conversations.service';
import { MessagesService } from './messages.service';

/** Conversations and their messages, in the clinic's database: the channel stores them, staff read them. */
@Module({ controllers: [ConversationsController], providers: [ConversationsService, MessagesService], exports: [ConversationsService, MessagesService] })
export class ConversationsModule {}
