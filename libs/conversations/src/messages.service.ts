import { Injectable } from '@nestjs/common';
import { TenantConnectionProvider } from '@sophie/tenancy';
import { ConversationEntity } from './conversation.entity';
import type { InboundMessageInput, InboundStoreResult, StatusUpdate } from './inbound-message';
import { MessageEntity } from './message.entity';

/** Status order of an outbound message: a status only ever replaces a lower one (webhooks arrive out of order). */
const RANK_SQL = `CASE %s WHEN 'queued' THEN 0 WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 WHEN 'failed' THEN 3 ELSE -1 END`;
const rank = (expression: string): string => RANK_SQL.replace('%s', expression);
const STATUS_TIME: Record<StatusUpdate['status'], string> = { sent: 'sent_at', delivered: 'delivered_at', read: 'read_at', failed: 'failed_at' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type StatusOutcome = 'applied' | 'stale' | 'orphan';

/**
 * The messages of the current clinic's conversations: the durable inbox (stored before the webhook answers),
 * statuses, and the outbound queue. The only code that writes the messages table.
 */
@Injectable()
export class MessagesService {
  constructor(private readonly tenant: TenantConnectionProvider) {}

  /**
   * Stores a webhook's inbound messages in one transaction, each once (its WhatsApp id is unique): a redelivery is
   * a no-op. Returns the conversations that have messages still waiting to be processed (redeliveries included, so a
   * lost job is re-queued by Meta's retry).
   */
  async storeInbound(messages: readonly InboundMessageInput[]): Promise<InboundStoreResult> {
    if (messages.length === 0) return { stored: 0, duplicates: 0, pendingConversationIds: [] };
    if (messages.length === 1) {
      const fast = await this.storeInExisting(messages[0]);
      if (fast) return fast;
    }
    return this.tenant.transaction(async () => {
      const manager = (await this.tenant.getRepository(MessageEntity)).manager;
      let stored = 0;
      const pending = new Set<string>();
      for (const message of messages) {
        // Lock order: the message row before the conversation row, as the processor takes them (no deadlock
        // between a redelivery and the processing of the same message).
        const conversation = await this.conversationFor(message, false);
        const conversationId = conversation.id;
        const inserted = await manager.query<Array<{ id: string }>>(
          `INSERT INTO messages (conversation_id, direction, type, text, payload, media_id, media_mime_type, media_sha256, media_status,
                                 whatsapp_message_id, status, whatsapp_timestamp)
           VALUES ($1, 'in', $2, $3, $4, $5, $6, $7, $8, $9, 'received', $10)
           ON CONFLICT (whatsapp_message_id) DO NOTHING RETURNING id`,
          [conversationId, ...messageColumns(message)],
        );
        if (inserted.length > 0) {
          stored += 1;
          pending.add(conversationId);
          // A conversation created just now already holds this message's sender details and times.
          if (!conversation.created) await this.conversationFor(message, true);
          continue;
        }
        const unprocessed = await manager.query<Array<{ conversation_id: string }>>(
          `SELECT conversation_id FROM messages WHERE whatsapp_message_id = $1 AND processed_at IS NULL`,
          [message.whatsappMessageId],
        );
        for (const row of unprocessed) pending.add(row.conversation_id);
      }
      return { stored, duplicates: messages.length - stored, pendingConversationIds: [...pending] };
    });
  }

  /** Inbound messages of a conversation not processed yet, in arrival order. */
  async pendingInbound(conversationId: string): Promise<MessageEntity[]> {
    return (await this.tenant.getRepository(MessageEntity))
      .createQueryBuilder('m')
      .where(`m.conversation_id = :conversationId AND m.direction = 'in' AND m.processed_at IS NULL`, { conversationId })
      .orderBy('m.sequence', 'ASC')
      .getMany();
  }

  /** Marks an inbound message processed; false when it already was (processing is idempotent). */
  async markProcessed(messageId: string): Promise<boolean> {
    const result = await (await this.tenant.getRepository(MessageEntity))
      .createQueryBuilder()
      .update()
      .set({ processedAt: () => 'now()', status: 'processed' })
      .where('id = :messageId AND processed_at IS NULL', { messageId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  async updateMedia(messageId: string, media: Pick<MessageEntity, 'mediaStatus'> & Partial<Pick<MessageEntity, 'mediaPath' | 'mediaSize' | 'mediaMimeType' | 'mediaSha256'>>): Promise<void> {
    await (await this.tenant.getRepository(MessageEntity)).update({ id: messageId }, media);
  }

  /** Queues an outbound message (sent by the queue, in order); `text` is what staff see in the inbox. */
  async queueOutbound(conversationId: string, content: Record<string, unknown> & { kind: string }, text: string | null, sentBy: 'assistant' | 'staff', userId: string | null): Promise<MessageEntity> {
    const repository = await this.tenant.getRepository(MessageEntity);
    const saved = await repository.save(
      repository.create({ conversationId, direction: 'out', type: content.kind, text, payload: content, status: 'queued', sentBy, sentByUserId: userId }),
    );
    await (await this.tenant.getRepository(ConversationEntity)).update({ id: conversationId }, { lastMessageAt: new Date() });
    return saved;
  }

  /** Outbound messages of a conversation waiting to be sent, in order. */
  async queuedOutbound(conversationId: string): Promise<MessageEntity[]> {
    return (await this.tenant.getRepository(MessageEntity))
      .createQueryBuilder('m')
      .where(`m.conversation_id = :conversationId AND m.status = 'queued'`, { conversationId })
      .orderBy('m.sequence', 'ASC')
      .getMany();
  }

  /** Whether an outbound message still waits to be sent (not sent, failed, or recognised from its status meanwhile). */
  async isQueued(messageId: string): Promise<boolean> {
    return (await this.tenant.getRepository(MessageEntity)).existsBy({ id: messageId, status: 'queued' });
  }

  /** Conversations with outbound messages still queued (after a token is fixed, say). */
  async conversationsWithQueuedOutbound(): Promise<string[]> {
    const rows = await (await this.tenant.getRepository(MessageEntity)).query<Array<{ conversation_id: string }>>(
      `SELECT DISTINCT conversation_id FROM messages WHERE status = 'queued'`,
    );
    return rows.map((r) => r.conversation_id);
  }

  /** Records that Meta accepted an outbound message, then applies any status that arrived before this. */
  async markSent(messageId: string, whatsappMessageId: string): Promise<void> {
    const repository = await this.tenant.getRepository(MessageEntity);
    await repository.query(
      `UPDATE messages SET whatsapp_message_id = $2, status = 'sent', sent_at = COALESCE(sent_at, now()) WHERE id = $1 AND status = 'queued'`,
      [messageId, whatsappMessageId],
    );
    // TypeORM answers a DELETE … RETURNING with [rows, count].
    const [orphans] = await repository.query<[Array<{ status: StatusUpdate['status']; error: Record<string, unknown> | null; status_at: Date }>, number]>(
      `DELETE FROM whatsapp_orphan_statuses WHERE whatsapp_message_id = $1 RETURNING status, error, status_at`,
      [whatsappMessageId],
    );
    for (const orphan of orphans) {
      await this.applyStatus({ whatsappMessageId, status: orphan.status, timestamp: orphan.status_at, error: orphan.error });
    }
  }

  /** A send that will not be retried: the message shows as failed with the reason (codes only). */
  async markFailed(messageId: string, error: Record<string, unknown>): Promise<void> {
    await (await this.tenant.getRepository(MessageEntity)).query(
      `UPDATE messages SET status = 'failed', failed_at = now(), error = $2 WHERE id = $1 AND status = 'queued'`,
      [messageId, JSON.stringify(error)],
    );
  }

  /**
   * Applies a delivery status, only forward (sent < delivered < read; failed ends it). A status for a message not
   * known yet (the webhook overtook our own send's answer) is kept and applied when the send is recorded.
   */
  async applyStatus(update: StatusUpdate): Promise<StatusOutcome> {
    const repository = await this.tenant.getRepository(MessageEntity);
    const column = STATUS_TIME[update.status];
    const [, affected] = await repository.query<[unknown[], number]>(
      `UPDATE messages SET status = $2, ${column} = COALESCE(${column}, $3), error = COALESCE($4::jsonb, error)
       WHERE whatsapp_message_id = $1 AND direction = 'out' AND ${rank('status')} < ${rank('$2::text')}`,
      [update.whatsappMessageId, update.status, update.timestamp, update.error ? JSON.stringify(update.error) : null],
    );
    if (affected > 0) return 'applied';
    if (await repository.existsBy({ whatsappMessageId: update.whatsappMessageId })) return 'stale';
    if (update.trackingId && (await this.recognise(update.trackingId, update.whatsappMessageId, update.timestamp))) return this.applyStatus(update);
    await repository.query(
      `INSERT INTO whatsapp_orphan_statuses (whatsapp_message_id, status, error, status_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (whatsapp_message_id) DO UPDATE SET status = EXCLUDED.status, error = EXCLUDED.error, status_at = EXCLUDED.status_at
       WHERE ${rank('whatsapp_orphan_statuses.status')} < ${rank('EXCLUDED.status')}`,
      [update.whatsappMessageId, update.status, update.error ? JSON.stringify(update.error) : null, update.timestamp],
    );
    return 'orphan';
  }

  /**
   * A status for a wamid we never recorded, carrying our message id (`biz_opaque_callback_data`): the send reached
   * Meta though its answer was lost (a timeout, a 5xx after the fact, a crash before our commit). The message, still
   * queued or given up on, is recorded as sent with that wamid, so no retry sends it again.
   */
  private async recognise(messageId: string, whatsappMessageId: string, at: Date): Promise<boolean> {
    if (!UUID.test(messageId)) return false;
    const [, affected] = await (await this.tenant.getRepository(MessageEntity)).query<[unknown[], number]>(
      `UPDATE messages SET whatsapp_message_id = $2, status = 'sent', sent_at = COALESCE(sent_at, $3), failed_at = NULL, error = NULL
       WHERE id = $1 AND direction = 'out' AND whatsapp_message_id IS NULL
         AND (status = 'queued' OR (status = 'failed' AND error->>'kind' = 'gave_up'))`,
      [messageId, whatsappMessageId, at],
    );
    return affected > 0;
  }

  /**
   * The conversation of a message's sender. Without `touch`, an existing conversation is only read (no row lock);
   * a new one is created. With `touch`, the sender's details and the conversation's times are brought up to date.
   */
  /**
   * The common case (one message from a known sender) in ONE statement, no explicit transaction: the message is
   * inserted, then its conversation touched from the insert's output, in the same lock order as the batch path
   * (message row, then conversation row). Null when the sender has no conversation yet (the batch path creates it).
   */
  private async storeInExisting(message: InboundMessageInput): Promise<InboundStoreResult | null> {
    const { sender } = message;
    const byWaId = sender.waId !== null;
    const rows = await this.tenant.preparedQuery<{ conversation_id: string | null; inserted: boolean; unprocessed: boolean }>(
      byWaId ? 'inbound_store_by_wa_id_v1' : 'inbound_store_by_user_id_v1',
      `WITH conv AS (
         SELECT id FROM conversations WHERE ${byWaId ? 'wa_id' : 'user_id'} = $1
       ), ins AS (
         INSERT INTO messages (conversation_id, direction, type, text, payload, media_id, media_mime_type, media_sha256, media_status,
                               whatsapp_message_id, status, whatsapp_timestamp)
         SELECT conv.id, 'in', $2, $3, $4, $5, $6, $7, $8, $9, 'received', $10 FROM conv
         ON CONFLICT (whatsapp_message_id) DO NOTHING
         RETURNING conversation_id
       ), touched AS (
         UPDATE conversations c SET
           user_id = COALESCE(c.user_id, $11),
           user_phone = COALESCE($12, c.user_phone),
           profile_name = COALESCE($13, c.profile_name),
           last_inbound_at = GREATEST(c.last_inbound_at, $10),
           last_message_at = GREATEST(c.last_message_at, $10),
           updated_at = now()
         FROM ins WHERE c.id = ins.conversation_id
         RETURNING c.id
       )
       SELECT (SELECT id FROM conv) AS conversation_id,
              EXISTS (SELECT 1 FROM touched) AS inserted,
              EXISTS (SELECT 1 FROM messages m WHERE m.whatsapp_message_id = $9 AND m.processed_at IS NULL) AS unprocessed`,
      [
        byWaId ? sender.waId : sender.userId,
        ...messageColumns(message),
        sender.userId,
        sender.phone,
        sender.profileName,
      ],
    );
    const row = rows[0];
    if (!row?.conversation_id) return null;
    // The EXISTS sees the snapshot before the insert: a new message reads as "not there", a redelivery as stored.
    const pending = row.inserted || row.unprocessed ? [row.conversation_id] : [];
    return { stored: row.inserted ? 1 : 0, duplicates: row.inserted ? 0 : 1, pendingConversationIds: pending };
  }

  private async conversationFor(message: InboundMessageInput, touch: boolean): Promise<{ id: string; created: boolean }> {
    const manager = (await this.tenant.getRepository(ConversationEntity)).manager;
    const { sender } = message;
    const byWaId = sender.waId !== null;
    if (!touch) {
      const existing = await manager.query<Array<{ id: string }>>(`SELECT id FROM conversations WHERE ${byWaId ? 'wa_id' : 'user_id'} = $1`, [byWaId ? sender.waId : sender.userId]);
      if (existing[0]) return { id: existing[0].id, created: false };
    }
    const rows = await manager.query<Array<{ id: string; created: boolean }>>(
      `INSERT INTO conversations (wa_id, user_id, user_phone, profile_name, last_inbound_at, last_message_at)
       VALUES ($1, $2, $3, $4, $5, $5)
       ON CONFLICT (${byWaId ? 'wa_id) WHERE wa_id IS NOT NULL' : 'user_id) WHERE user_id IS NOT NULL'} DO UPDATE SET
         user_id = COALESCE(conversations.user_id, EXCLUDED.user_id),
         user_phone = COALESCE(EXCLUDED.user_phone, conversations.user_phone),
         profile_name = COALESCE(EXCLUDED.profile_name, conversations.profile_name),
         last_inbound_at = GREATEST(conversations.last_inbound_at, EXCLUDED.last_inbound_at),
         last_message_at = GREATEST(conversations.last_message_at, EXCLUDED.last_message_at),
         updated_at = now()
       RETURNING id, (xmax = 0) AS created`,
      [sender.waId, sender.userId, sender.phone, sender.profileName, message.timestamp],
    );
    return rows[0];
  }
}

/**
 * An inbound message's values for `INSERT INTO messages`, in the order both intake statements bind them ($2 to $10
 * after the conversation): type, text, payload, media id, type, hash and status, WhatsApp id, WhatsApp timestamp.
 */
function messageColumns(message: InboundMessageInput): unknown[] {
  return [
    message.type,
    message.text,
    JSON.stringify(message.payload),
    message.media?.id ?? null,
    message.media?.mimeType ?? null,
    message.media?.sha256 ?? null,
    message.media ? 'pending' : null,
    message.whatsappMessageId,
    message.timestamp,
  ];
}
