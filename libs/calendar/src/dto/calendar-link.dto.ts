import { ApiProperty } from '@nestjs/swagger';

export type CalendarLinkStatus = 'not_configured' | 'not_connected' | 'connected' | 'needs_reconnect';

/** A practitioner's Google Calendar link as the dashboard shows it. Tokens never leave the server. */
export class CalendarLinkDto {
  @ApiProperty({
    enum: ['not_configured', 'not_connected', 'connected', 'needs_reconnect'],
    description: 'not_configured: this installation has no Google client; needs_reconnect: Google refused the grant (revoked or expired), link again',
  })
  status!: CalendarLinkStatus;

  @ApiProperty({ nullable: true, type: String, example: 'dr.martin@gmail.com', description: 'The Google account linked' })
  account_email!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'primary' })
  calendar_id!: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'When Google refused the grant' })
  needs_reconnect_since!: string | null;

  @ApiProperty({ description: 'Appointments whose event waits to be written (Google unreachable or link to renew)' })
  events_pending!: number;

  @ApiProperty({ description: 'Appointments whose event Google refused (see last_sync_error)' })
  events_failed!: number;

  @ApiProperty({ nullable: true, type: String, example: 'rateLimitExceeded', description: "Google's reason for the last unfinished write" })
  last_sync_error!: string | null;
}

/** The answer to "Connect Google Calendar": where to send the practitioner. */
export class CalendarConnectDto {
  @ApiProperty({ description: "Google's consent page for this practitioner; single use", example: 'https://accounts.google.com/o/oauth2/v2/auth?...' })
  authorization_url!: string;

  @ApiProperty({ format: 'date-time', description: 'The link must be completed before this time' })
  expires_at!: string;
}

/** The answer to unlinking. */
export class CalendarUnlinkDto extends CalendarLinkDto {
  @ApiProperty({ description: 'Whether Google confirmed the revocation (false: Google could not be reached; the link is removed here anyway)' })
  revoked_at_google!: boolean;
}
