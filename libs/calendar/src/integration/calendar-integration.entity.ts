import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * A practitioner's link to their Google Calendar (the seed's PractitionerCalendarIntegration). Tokens are sealed
 * by SecretBox; a link whose grant Google refused keeps its row (so the dashboard can say "reconnect") without
 * tokens.
 */
@Entity({ name: 'practitioner_calendar_integrations' })
export class CalendarIntegrationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'practitioner_id', unique: true })
  practitionerId!: string;

  @Column('varchar', { length: 20, default: 'google' })
  provider!: 'google';

  /** The calendar kept in step: `primary` or a calendar id of the linked account. */
  @Column('varchar', { name: 'calendar_id', length: 255 })
  calendarId!: string;

  /** The Google account that granted access. */
  @Column('varchar', { name: 'account_email', length: 320 })
  accountEmail!: string;

  @Column('text', { name: 'access_token_sealed', nullable: true })
  accessTokenSealed!: string | null;

  @Column('text', { name: 'refresh_token_sealed', nullable: true })
  refreshTokenSealed!: string | null;

  @Column('timestamptz', { name: 'token_expiry', nullable: true })
  tokenExpiry!: Date | null;

  /** The scopes Google granted, space-separated. */
  @Column('text')
  scopes!: string;

  @Column('boolean', { name: 'is_active', default: true })
  isActive!: boolean;

  /** Set when Google refused the grant (revoked, expired): the practitioner must link again. */
  @Column('timestamptz', { name: 'needs_reconnect_since', nullable: true })
  needsReconnectSince!: Date | null;

  /** The admin who linked it. */
  @Column('uuid', { name: 'linked_by', nullable: true })
  linkedBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
