import { Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { AppointmentsModule, ExternalBusyTime } from '@sophie/appointments';
import { PractitionersModule } from '@sophie/practitioners';
import { GoogleBusyTime } from './busy/google-busy-time';
import { GoogleApi } from './google/google-api';
import { CalendarIntegrations } from './integration/calendar-integrations';
import { CalendarSessions } from './integration/calendar-sessions';
import { CalendarLinkController } from './linking/calendar-link.controller';
import { CalendarLinkService } from './linking/calendar-link.service';
import { OAuthCallbackController } from './linking/oauth-callback.controller';
import { CalendarSync } from './sync/calendar-sync.service';
import { EventWriter } from './sync/event-writer';

/** Plugs Google free/busy into the slot engine when Google is configured, and says which way it runs. */
@Injectable()
class CalendarWiring implements OnModuleInit {
  private readonly logger = new Logger('Calendar');

  constructor(
    private readonly google: GoogleApi,
    private readonly external: ExternalBusyTime,
    private readonly busy: GoogleBusyTime,
  ) {}

  onModuleInit(): void {
    if (this.google.enabled) {
      this.external.use(this.busy);
      this.logger.log('Google Calendar is on: linked practitioners\' busy times block slots and appointments are written to their calendars');
    } else {
      this.logger.log('Google Calendar is off (no GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET, GOOGLE_REDIRECT_URI): slots follow Sophie\'s own agenda only');
    }
  }
}

/** Google Calendar per practitioner: linking (OAuth with PKCE), busy times for the slot engine, event sync. */
@Module({
  imports: [AppointmentsModule, PractitionersModule],
  controllers: [CalendarLinkController, OAuthCallbackController],
  providers: [GoogleApi, CalendarIntegrations, CalendarSessions, GoogleBusyTime, EventWriter, CalendarSync, CalendarLinkService, CalendarWiring],
  exports: [CalendarLinkService, CalendarSync],
})
export class CalendarModule {}
