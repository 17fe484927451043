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
