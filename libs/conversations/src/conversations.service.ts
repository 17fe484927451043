import { Injectable } from '@nestjs/common';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Page, PaginationQueryDto, pageOf } from '@sophie/common';
import type { ListConversationsQueryDto } from './list-conversations-query.dto';
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

  /** Most recent activity first; optionally only those handed to staff, with messages staff have not read, or a patient's. */
  async list(query: ListConversationsQueryDto): Promise<Page<ConversationEntity>> {
    const qb = (await this.tenant.getRepository(ConversationEntity)).createQueryBuilder('c');
    if (query.handed_off !== undefined) qb.andWhere(query.handed_off ? 'c.handed_off_at IS NOT NULL' : 'c.handed_off_at IS NULL');
    if (query.unread !== undefined) qb.andWhere(`${query.unread ? '' : 'NOT '}(c.last_inbound_at IS NOT NULL AND (c.staff_read_at IS NULL OR c.staff_read_at < c.last_inbound_at))`);
    if (query.patient_id !== undefined) {
      qb.andWhere('(c.patient_id = :patientId OR c.user_phone = (SELECT p.phone FROM patients p WHERE p.id = :patientId))', { patientId: query.patient_id });
    }
    const [items, total] = await qb
      .orderBy('c.last_message_at', 'DESC', 'NULLS LAST')
      .addOrderBy('c.id', 'ASC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    return pageOf(items, total, query);
  }

  /** Staff have read the conversation up to now. */
  async markReadByStaff(id: string): Promise<void> {
    await (await this.tenant.getRepository(ConversationEntity)).update({ id }, { staffReadAt: new Date() });
  }

  /** Staff take the conversation over: the assistant stays silent until they hand it back (or the quiet time). */
  async takeOver(id: string, userId: string | null): Promise<ConversationEntity> {
    await this.get(id);
    await (await this.tenant.getRepository(ConversationEntity)).update({ id }, { handedOffAt: new Date(), handedOffBy: 'staff', handedOffUserId: userId });
    return this.get(id);
  }

  /** Staff hand the conversation back to the assistant; false when it was not handed off. */
  async handBack(id: string): Promise<boolean> {
    await this.get(id);
    const result = await (await this.tenant.getRepository(ConversationEntity))
      .createQueryBuilder()
      .update()
      .set({ handedOffAt: null, handedOffBy: null, handedOffUserId: null, currentState: 'IDLE', contextData: () => `'{}'::jsonb` })
      .where('id = :id AND handed_off_at IS NOT NULL', { id })
      .execute();
    return (result.affected ?? 0) > 0;
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

  /**
   * The conversation with the WhatsApp user of this E.164 phone (their wa_id is its digits), created when the clinic
   * writes first (a reminder to a patient booked by the front desk).
   */
  async ensureForPhone(phone: string): Promise<ConversationEntity> {
    const repository = await this.tenant.getRepository(ConversationEntity);
    const waId = phone.replace(/^\+/, '');
    const rows = await repository.query<Array<{ id: string }>>(
      `INSERT INTO conversations (wa_id, user_phone) VALUES ($1, $2)
       ON CONFLICT (wa_id) WHERE wa_id IS NOT NULL DO UPDATE SET user_phone = COALESCE(conversations.user_phone, EXCLUDED.user_phone)
       RETURNING id`,
      [waId, phone],
    );
    return this.get(rows[0].id);
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
