/**
 * The least Google scopes that do the job: write events on calendars the practitioner owns, read free/busy, and
 * know which account was linked (openid + email give the address in the ID token).
 */
export const EVENTS_SCOPE = 'https://www.googleapis.com/auth/calendar.events.owned';
export const FREEBUSY_SCOPE = 'https://www.googleapis.com/auth/calendar.freebusy';
export const REQUESTED_SCOPES = ['openid', 'email', EVENTS_SCOPE, FREEBUSY_SCOPE] as const;

/** Broader scopes that also cover each need (a practitioner may already have granted them to this client). */
const COVERING: Readonly<Record<string, readonly string[]>> = {
  [EVENTS_SCOPE]: [EVENTS_SCOPE, 'https://www.googleapis.com/auth/calendar.events', 'https://www.googleapis.com/auth/calendar'],
  [FREEBUSY_SCOPE]: [
    FREEBUSY_SCOPE,
    'https://www.googleapis.com/auth/calendar.events.freebusy',
    'https://www.googleapis.com/auth/calendar.readonly',
    'https://www.googleapis.com/auth/calendar',
  ],
};

/** The calendar needs a granted scope list does not cover (Google lets the user untick scopes on its consent screen). */
export function missingScopes(granted: string | undefined): string[] {
  const have = new Set((granted ?? '').split(/\s+/).filter((s) => s !== ''));
  return Object.entries(COVERING)
    .filter(([, covering]) => !covering.some((scope) => have.has(scope)))
    .map(([need]) => need);
}
