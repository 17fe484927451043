import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A period when the clinic (practitioner null) or one practitioner (an absence) takes no appointments, in local
 * wall-clock time: from `startsOn` at `startTime` (null: 00:00) to `endsOn` at `endTime` (null: the end of that day).
 * Kept local, not as instants, so a whole-day closure stays a whole day in the clinic's zone.
 */
@Entity({ name: 'closures' })
export class ClosureEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'practitioner_id', nullable: true })
  practitionerId!: string | null;

  @Column('date', { name: 'starts_on' })
  startsOn!: string;

  @Column('date', { name: 'ends_on' })
  endsOn!: string;

  @Column('time', { name: 'start_time', nullable: true })
  startTime!: string | null;

  @Column('time', { name: 'end_time', nullable: true })
  endTime!: string | null;

  @Column('varchar', { length: 200, nullable: true })
  reason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
