import { HttpStatus } from '@nestjs/common';
import { domainErrors } from '@sophie/common';

/** Error codes of the calendar module. */
export enum CalendarErrorCode {
  /** The installation has no Google OAuth client (GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET, GOOGLE_REDIRECT_URI). */
  GoogleNotConfigured = 'GOOGLE_NOT_CONFIGURED',
  NotLinked = 'CALENDAR_NOT_LINKED',
  /** The OAuth state is missing, malformed, altered, or was not issued by this installation. */
  StateInvalid = 'OAUTH_STATE_INVALID',
  StateExpired = 'OAUTH_STATE_EXPIRED',
  /** The state was already used (a replay) or its link was cancelled. */
  StateUsed = 'OAUTH_STATE_USED',
  /** The admin who started the link may no longer act for this clinic. */
  LinkForbidden = 'OAUTH_LINK_FORBIDDEN',
}

export const calendarError = domainErrors<CalendarErrorCode>({
  [CalendarErrorCode.GoogleNotConfigured]: HttpStatus.CONFLICT,
  [CalendarErrorCode.NotLinked]: HttpStatus.NOT_FOUND,
  [CalendarErrorCode.StateInvalid]: HttpStatus.BAD_REQUEST,
  [CalendarErrorCode.StateExpired]: HttpStatus.BAD_REQUEST,
  [CalendarErrorCode.StateUsed]: HttpStatus.BAD_REQUEST,
  [CalendarErrorCode.LinkForbidden]: HttpStatus.FORBIDDEN,
});
