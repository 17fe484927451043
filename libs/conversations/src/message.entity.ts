import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type MessageDirection = 'in' | 'out';
/** Inbound: received → processed. Outbound: queued → sent → delivered → read, or failed. */
export type MessageStatus = 'received' | 'processed' | 'queued' | 'sent' | 'delivered' | 'read' | 'failed';
export type MediaStatus = 'pending' | 'stored' | 'rejected' | 'failed';

/** A WhatsApp message, either way, keyed by its WhatsApp id once it has one. */
@Entity({ name: 'messages' })
export class MessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Arrival order within the clinic database: messages of a conversation are handled in this order. */
  @Column({ type: 'bigint', insert: false, update: false })
  sequence!: string;

  @Column('uuid', { name: 'conversation_id' })
  conversationId!: string;

  @Column('varchar', { length: 3 })
  direction!: MessageDirection;

  /** Meta's type: text, interactive, button, image, document, location, template… */
  @Column('varchar', { length: 20 })
  type!: string;

  @Column('text', { nullable: true })
  text!: string | null;

  /** Structured content: a reply's id and title, a location, an outbound message's full content. */
  @Column('jsonb', { default: () => `'{}'::jsonb` })
  payload!: Record<string, unknown>;

  @Column('varchar', { name: 'media_id', length: 128, nullable: true })
  mediaId!: string | null;

  @Column('varchar', { name: 'media_mime_type', length: 100, nullable: true })
  mediaMimeType!: string | null;

  @Column('char', { name: 'media_sha256', length: 64, nullable: true })
  mediaSha256!: string | null;

  @Column('integer', { name: 'media_size', nullable: true })
  mediaSize!: number | null;

  /** Relative to the uploads folder: `{media-type}/{clinicId}/{generated name}`. */
  @Column('text', { name: 'media_path', nullable: true })
  mediaPath!: string | null;

  @Column('varchar', { name: 'media_status', length: 12, nullable: true })
  mediaStatus!: MediaStatus | null;

  @Column('varchar', { name: 'whatsapp_message_id', length: 128, nullable: true, unique: true })
  whatsappMessageId!: string | null;

  @Column('varchar', { length: 12 })
  status!: MessageStatus;

  /** Meta's error for a failed message (code, title, details), never message text. */
  @Column('jsonb', { nullable: true })
  error!: Record<string, unknown> | null;

  @Column('varchar', { name: 'sent_by', length: 12, nullable: true })
  sentBy!: 'assistant' | 'staff' | null;

  @Column('uuid', { name: 'sent_by_user_id', nullable: true })
  sentByUserId!: string | null;

  /** When WhatsApp says the message was sent by the patient. */
  @Column('timestamptz', { name: 'whatsapp_timestamp', nullable: true })
  whatsappTimestamp!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'processed_at', nullable: true })
  processedAt!: Date | null;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt!: Date | null;

  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt!: Date | null;

  @Column('timestamptz', { name: 'read_at', nullable: true })
  readAt!: Date | null;

  @Column('timestamptz', { name: 'failed_at', nullable: true })
  failedAt!: Date | null;
}
