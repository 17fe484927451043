import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * One WhatsApp user's conversation with the clinic (the seed's Conversation). Keyed by `waId`, or by Meta's
 * business-scoped `userId` for users who reach the clinic without a phone number; never by the phone alone.
 */
@Entity({ name: 'conversations' })
export class ConversationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('varchar', { name: 'wa_id', length: 64, nullable: true })
  waId!: string | null;

  @Column('varchar', { name: 'user_id', length: 128, nullable: true })
  userId!: string | null;

  /** E.164, when Meta tells it. */
  @Column('varchar', { name: 'user_phone', length: 20, nullable: true })
  userPhone!: string | null;

  @Column('varchar', { name: 'profile_name', length: 200, nullable: true })
  profileName!: string | null;

  @Column('uuid', { name: 'patient_id', nullable: true })
  patientId!: string | null;

  @Column('varchar', { name: 'current_state', length: 40, default: 'IDLE' })
  currentState!: string;

  @Column('varchar', { name: 'detected_language', length: 8, nullable: true, default: 'fr' })
  detectedLanguage!: string | null;

  @Column('jsonb', { name: 'context_data', default: () => `'{}'::jsonb` })
  contextData!: Record<string, unknown>;

  /** Last message from the patient: Meta's 24-hour customer-service window runs from here. */
  @Column('timestamptz', { name: 'last_inbound_at', nullable: true })
  lastInboundAt!: Date | null;

  @Column('timestamptz', { name: 'last_message_at', nullable: true })
  lastMessageAt!: Date | null;

  /** Handed to staff: the assistant stays silent until staff hand it back or the clinic's quiet time has passed. */
  @Column('timestamptz', { name: 'handed_off_at', nullable: true })
  handedOffAt!: Date | null;

  @Column('varchar', { name: 'handed_off_by', length: 10, nullable: true })
  handedOffBy!: 'patient' | 'staff' | null;

  @Column('uuid', { name: 'handed_off_user_id', nullable: true })
  handedOffUserId!: string | null;

  /** The patient sent STOP: no reminders (nor anything else unasked) until START. */
  @Column('timestamptz', { name: 'opted_out_at', nullable: true })
  optedOutAt!: Date | null;

  /** When staff last read the conversation (unread = inbound messages after this). */
  @Column('timestamptz', { name: 'staff_read_at', nullable: true })
  staffReadAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
