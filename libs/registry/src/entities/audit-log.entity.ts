import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Who did what to which record. Ids only: never names, phone numbers or message text. */
@Entity({ name: 'audit_log' })
export class AuditLogEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column('timestamptz', { name: 'occurred_at', default: () => 'now()' })
  occurredAt!: Date;

  @Column('uuid', { name: 'actor_user_id', nullable: true })
  actorUserId!: string | null;

  @Column('varchar', { name: 'actor_role', length: 16, nullable: true })
  actorRole!: string | null;

  @Column('uuid', { name: 'clinic_id', nullable: true })
  clinicId!: string | null;

  @Column('varchar', { length: 64 })
  action!: string;

  @Column('varchar', { name: 'target_type', length: 64, nullable: true })
  targetType!: string | null;

  @Column('varchar', { name: 'target_id', length: 64, nullable: true })
  targetId!: string | null;

  @Column('varchar', { length: 45, nullable: true })
  ip!: string | null;

  @Column('varchar', { name: 'request_id', length: 64, nullable: true })
  requestId!: string | null;
}
