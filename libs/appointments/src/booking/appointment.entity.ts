import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export enum AppointmentStatus {
  Booked = 'booked',
  Completed = 'completed',
  Cancelled = 'cancelled',
  NoShow = 'no_show',
}

export enum AppointmentSource {
  Staff = 'staff',
  WhatsApp = 'whatsapp',
}

/**
 * An appointment. `blockedFrom`/`blockedTo` add the treatment's buffers around `startsAt`/`endsAt`; the database's
 * exclusion constraint keeps one practitioner's blocked ranges of non-cancelled appointments from overlapping.
 * `patientId` becomes null when the patient is erased: the date stays, the identity goes.
 */
@Entity({ name: 'appointments' })
export class AppointmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'practitioner_id' })
  practitionerId!: string;

  @Column('uuid', { name: 'patient_id', nullable: true })
  patientId!: string | null;

  @Column('uuid', { name: 'treatment_id' })
  treatmentId!: string;

  @Column('timestamptz', { name: 'starts_at' })
  startsAt!: Date;

  @Column('timestamptz', { name: 'ends_at' })
  endsAt!: Date;

  @Column('timestamptz', { name: 'blocked_from' })
  blockedFrom!: Date;

  @Column('timestamptz', { name: 'blocked_to' })
  blockedTo!: Date;

  @Column('varchar', { length: 16, default: AppointmentStatus.Booked })
  status!: AppointmentStatus;

  @Column('varchar', { length: 16, default: AppointmentSource.Staff })
  source!: AppointmentSource;

  @Column('text', { nullable: true })
  notes!: string | null;

  @Column('varchar', { name: 'cancellation_reason', length: 500, nullable: true })
  cancellationReason!: string | null;

  @Column('timestamptz', { name: 'cancelled_at', nullable: true })
  cancelledAt!: Date | null;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt!: Date | null;

  @Column('timestamptz', { name: 'no_show_at', nullable: true })
  noShowAt!: Date | null;

  @Column('timestamptz', { name: 'rescheduled_at', nullable: true })
  rescheduledAt!: Date | null;

  @Column('integer', { name: 'reschedule_count', default: 0 })
  rescheduleCount!: number;

  /** The start a reminder was sent for (a moved appointment gets its own reminder). */
  @Column('timestamptz', { name: 'reminder_sent_for', nullable: true })
  reminderSentFor!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
