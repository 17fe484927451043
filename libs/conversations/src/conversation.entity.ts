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

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
