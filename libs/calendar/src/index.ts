import type { SealedColumns } from '@sophie/common';
import { CalendarIntegrationEntity } from './integration/calendar-integration.entity';
import { CalendarLinkRequestEntity } from './integration/calendar-link-request.entity';
import { CalendarEventEntity } from './sync/calendar-event.entity';

export * from './calendar-error-code';
export * from './calendar.module';
export * from './dto/calendar-link.dto';
export * from './google/google-errors';
export * from './google/google-scopes';
export * from './integration/calendar-integration.entity';
export * from './linking/calendar-link.service';
export * from './sync/calendar-event.entity';
export * from './sync/calendar-sync.service';
export * from './sync/event-body';

/** Entities this module keeps in each clinic database. */
export const CALENDAR_ENTITIES = [CalendarIntegrationEntity, CalendarLinkRequestEntity, CalendarEventEntity];

/** Columns this module seals with SecretBox in each clinic database (`keys rotate` and `keys status` walk them). */
export const CALENDAR_SEALED_COLUMNS: readonly SealedColumns[] = [
  { table: 'practitioner_calendar_integrations', idColumn: 'id', columns: ['access_token_sealed', 'refresh_token_sealed'] },
  { table: 'calendar_link_requests', idColumn: 'nonce_hash', columns: ['code_verifier_sealed'] },
];
