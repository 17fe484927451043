import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A practitioner of the clinic (the seed's Practitioner), in the clinic's own database. */
@Entity({ name: 'practitioners' })
export class PractitionerEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('varchar', { name: 'first_name', length: 100, nullable: true })
  firstName!: string | null;

  @Column('varchar', { name: 'last_name', length: 100, nullable: true })
  lastName!: string | null;

  @Column('varchar', { length: 120, nullable: true })
  specialty!: string | null;

  /** The Google calendar to keep in step; `primary` is the account's main calendar. */
  @Column('varchar', { name: 'google_calendar_id', length: 255, default: 'primary' })
  googleCalendarId!: string;

  @Column('boolean', { name: 'is_active', default: true })
  isActive!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
