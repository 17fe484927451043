import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The clinic's booking settings: one row in its own database. */
@Entity({ name: 'clinic_settings' })
export class ClinicSettingsEntity {
  @PrimaryColumn('boolean', { default: true })
  id!: boolean;

  /** Step between the start times offered to patients. */
  @Column('integer', { name: 'slot_interval_minutes' })
  slotIntervalMinutes!: number;

  /** How long before its start an appointment may still be booked. */
  @Column('integer', { name: 'minimum_notice_minutes' })
  minimumNoticeMinutes!: number;

  /** How far ahead appointments may be booked. */
  @Column('integer', { name: 'booking_horizon_days' })
  bookingHorizonDays!: number;

  /** When the reminder goes out, before the appointment. */
  @Column('integer', { name: 'reminder_hours_before' })
  reminderHoursBefore!: number;

  /** Country used to read phone numbers typed without an international prefix (ISO 3166-1 alpha-2). */
  @Column('char', { name: 'default_phone_country', length: 2 })
  defaultPhoneCountry!: string;

  /** After a handoff to staff, the assistant answers again once the conversation has been quiet this long. */
  @Column('integer', { name: 'handoff_quiet_minutes', default: 240 })
  handoffQuietMinutes!: number;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
