import { Injectable } from '@nestjs/common';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Page, PaginationQueryDto, pageOf } from '@sophie/common';
import { TenantConnectionProvider } from '@sophie/tenancy';
import { ConversationEntity } from './conversation.entity';
import { ConversationsErrorCode, conversationsError } from './conversations-error-code';
import { MessageEntity } from './message.entity';

/** Conversations of the current clinic: lookups for the channel and the assistant, and the staff inbox. */
@Injectable()
export class ConversationsService {
  constructor(private readonly tenant: TenantConnectionProvider) {}

  async count(): Promise<number> {
    const row = await (await this.tenant.getRepository(ConversationEntity)).createQueryBuilder().select('count(*)::int', 'n').getRawOne<{ n: number }>();
    return row?.n ?? 0;
  }

  async get(id: string): Promise<ConversationEntity> {
    const conversation = await (await this.tenant.getRepository(ConversationEntity)).findOneBy({ id });
    if (!conversation) throw conversationsError(ConversationsErrorCode.ConversationNotFound, 'No such conversation');
    return conversation;
  }

  /** Most recent activity first. */
  async list(query: PaginationQueryDto): Promise<Page<ConversationEntity>> {
    const [items, total] = await (await this.tenant.getRepository(ConversationEntity))
      .createQueryBuilder('c')
      .orderBy('c.last_message_at', 'DESC', 'NULLS LAST')
      .addOrderBy('c.id', 'ASC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    return pageOf(items, total, query);
  }

  /** A conversation's messages, newest first (a page scrolls back in time). */
  async messages(conversationId: string, query: PaginationQueryDto): Promise<Page<MessageEntity>> {
    await this.get(conversationId);
    const [items, total] = await (await this.tenant.getRepository(MessageEntity))
      .createQueryBuilder('m')
      .where('m.conversation_id = :conversationId', { conversationId })
      .orderBy('m.sequence', 'DESC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    return pageOf(items, total, query);
  }

  async message(messageId: string): Promise<MessageEntity | null> {
    return (await this.tenant.getRepository(MessageEntity)).findOneBy({ id: messageId });
  }

  /** Saves what the assistant changed: state, context, language, the linked patient, handoff and opt-out. */
  async updateAssistant(id: string, patch: Partial<Pick<ConversationEntity, 'currentState' | 'contextData' | 'detectedLanguage' | 'patientId' | 'handedOffAt' | 'handedOffBy' | 'handedOffUserId' | 'optedOutAt'>>): Promise<void> {
    // TypeORM's deep-partial type cannot express a jsonb Record; the patch is a plain column update.
    await (await this.tenant.getRepository(ConversationEntity)).update({ id }, patch as QueryDeepPartialEntity<ConversationEntity>);
  }

  /** When staff last wrote in the conversation, if ever. */
  async lastStaffReplyAt(conversationId: string): Promise<Date | null> {
    const row = await (await this.tenant.getRepository(MessageEntity))
      .createQueryBuilder('m')
      .select('max(m.created_at)', 'at')
      .where(`m.conversation_id = :conversationId AND m.sent_by = 'staff'`, { conversationId })
      .getRawOne<{ at: Date | null }>();
    return row?.at ?? null;
  }

  /** Conversations of a patient: linked to their record, or written from their phone number. */
  async ofPatient(patientId: string, phone: string | null): Promise<ConversationEntity[]> {
    const qb = (await this.tenant.getRepository(ConversationEntity)).createQueryBuilder('c').where('c.patient_id = :patientId', { patientId });
    if (phone) qb.orWhere('c.user_phone = :phone', { phone });
    return qb.orderBy('c.created_at', 'ASC').getMany();
  }

  /** Every message of these conversations, in order (the GDPR export). */
  async messagesOf(conversationIds: readonly string[]): Promise<MessageEntity[]> {
    if (conversationIds.length === 0) return [];
    return (await this.tenant.getRepository(MessageEntity))
      .createQueryBuilder('m')
      .where('m.conversation_id IN (:...ids)', { ids: conversationIds })
      .orderBy('m.sequence', 'ASC')
      .getMany();
  }

  /** Deletes conversations and, by cascade, their messages (GDPR erasure; the caller removes media files first). */
  async delete(conversationIds: readonly string[]): Promise<void> {
    if (conversationIds.length === 0) return;
    await (await this.tenant.getRepository(ConversationEntity)).delete(conversationIds as string[]);
  }
}
