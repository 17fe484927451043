import { Injectable, Logger } from '@nestjs/common';
import type { Credentials } from 'google-auth-library';
import type { calendar_v3 } from 'googleapis/build/src/apis/calendar';
import { safeErrorForLog } from '@sophie/common';
import { TenantConnectionProvider } from '@sophie/tenancy';
import { GoogleApi } from '../google/google-api';
import { googleFailure } from '../google/google-errors';
import type { CalendarIntegrationEntity } from './calendar-integration.entity';
import { CalendarIntegrations } from './calendar-integrations';

/** The link cannot be used until the practitioner links their calendar again (Google refused the grant). */
export class CalendarLinkBroken extends Error {
  constructor(readonly practitionerId: string) {
    super('The Google Calendar link needs reconnecting');
    this.name = 'CalendarLinkBroken';
  }
}

/**
 * Calls Google as one practitioner. Access tokens refresh themselves (google-auth-library refreshes an expired
 * one before the call); each refresh is stored, sealed, from the library's `tokens` event, and the call waits for
 * that write. A 401 on a token that looked valid (revoked early) gets one forced refresh. A refused grant
 * (`invalid_grant`) marks the link as needing reconnection, logged once, and raises CalendarLinkBroken.
 */
@Injectable()
export class CalendarSessions {
  private readonly logger = new Logger(CalendarSessions.name);

  constructor(
    private readonly google: GoogleApi,
    private readonly integrations: CalendarIntegrations,
    private readonly tenant: TenantConnectionProvider,
  ) {}

  async use<T>(integration: CalendarIntegrationEntity, work: (api: calendar_v3.Calendar) => Promise<T>): Promise<T> {
    if (!integration.isActive || !this.google.enabled) throw new CalendarLinkBroken(integration.practitionerId);
    const client = this.google.oauthClient(this.integrations.credentials(integration));
    const writes: Array<Promise<void>> = [];
    client.on('tokens', (tokens: Credentials) => {
      writes.push(
        this.integrations.mergeTokens(integration, tokens).catch((error: unknown) => {
          this.logger.error({ clinicId: this.tenant.clinicId, practitionerId: integration.practitionerId, error: safeErrorForLog(error) }, 'could not store refreshed Google tokens');
        }),
      );
    });
    const api = this.google.calendar(client);
    try {
      try {
        return await work(api);
      } catch (error) {
        if (googleFailure(error).kind !== 'unauthorized') throw error;
        client.setCredentials({ ...client.credentials, access_token: null, expiry_date: 1 });
        return await work(api);
      }
    } catch (error) {
      const kind = googleFailure(error).kind;
      if (kind === 'invalid_grant' || kind === 'unauthorized') {
        await this.brokenLink(integration);
        throw new CalendarLinkBroken(integration.practitionerId);
      }
      if (kind === 'client') {
        this.logger.error({ reason: googleFailure(error).reason }, 'Google refused this installation\'s OAuth client: check GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET (practitioners\' links are kept)');
      }
      throw error;
    } finally {
      await Promise.all(writes);
    }
  }

  private async brokenLink(integration: CalendarIntegrationEntity): Promise<void> {
    if (await this.integrations.markNeedsReconnect(integration)) {
      this.logger.warn({ clinicId: this.tenant.clinicId, practitionerId: integration.practitionerId }, 'Google refused the calendar grant: the practitioner must link their calendar again');
    }
  }
}
