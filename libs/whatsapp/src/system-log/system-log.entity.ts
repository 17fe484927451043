import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type SystemLogLevel = 'info' | 'warn' | 'error';

/** An operational event of the clinic (the seed's SystemLog): codes and ids only, never message text or phones. */
@Entity({ name: 'system_logs' })
export class SystemLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column('varchar', { length: 8 })
  level!: SystemLogLevel;

  @Column('varchar', { length: 60 })
  event!: string;

  @Column('uuid', { name: 'conversation_id', nullable: true })
  conversationId!: string | null;

  @Column('jsonb', { default: () => `'{}'::jsonb` })
  details!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
