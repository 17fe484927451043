import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One working range of a practitioner on a weekday, local wall-clock time in the clinic's zone. Several a day;
 * the gaps are breaks. The database refuses two overlapping ranges of one practitioner and weekday.
 */
@Entity({ name: 'working_hours' })
export class WorkingHoursEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'practitioner_id' })
  practitionerId!: string;

  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  @Column('smallint')
  weekday!: number;

  /** `HH:MM:SS` as PostgreSQL returns a `time`. */
  @Column('time', { name: 'start_time' })
  startTime!: string;

  /** `HH:MM:SS`; `24:00:00` is the end of the day. */
  @Column('time', { name: 'end_time' })
  endTime!: string;
}
