import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type CalendarEventState = 'pending' | 'synced' | 'failed';

/** Where an appointment's event is in Google Calendar, and whether it matches the appointment. */
@Entity({ name: 'calendar_events' })
export class CalendarEventEntity {
  @PrimaryColumn('uuid', { name: 'appointment_id' })
  appointmentId!: string;

  /** The practitioner whose calendar holds the event; null while it is in none. */
  @Column('uuid', { name: 'practitioner_id', nullable: true })
  practitionerId!: string | null;

  @Column('varchar', { name: 'calendar_id', length: 255, nullable: true })
  calendarId!: string | null;

  /** Derived from the appointment id (base32hex), so a retried insert cannot make a second event. */
  @Column('varchar', { name: 'event_id', length: 64 })
  eventId!: string;

  /** SHA-256 of the event body last written: a repeated sync of an unchanged appointment writes nothing. */
  @Column('char', { name: 'synced_hash', length: 64, nullable: true })
  syncedHash!: string | null;

  @Column('varchar', { length: 20 })
  state!: CalendarEventState;

  /** Why the last sync did not finish (a Google reason code, never data). */
  @Column('varchar', { name: 'last_error', length: 200, nullable: true })
  lastError!: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
