import { Injectable } from '@nestjs/common';
import type { calendar_v3 } from 'googleapis/build/src/apis/calendar';
import { type GoogleFailure, googleFailure } from '../google/google-errors';
import type { CalendarIntegrationEntity } from '../integration/calendar-integration.entity';
import { CalendarLinkBroken, CalendarSessions } from '../integration/calendar-sessions';
import { sameEvent } from './event-body';

/**
 * A Google call that failed, classified. The library's error is not kept: its request config can hold a token
 * (gaxios does not redact a refresh token in a form body).
 */
export class GoogleCallFailed extends Error {
  /** Google's Retry-After, which the queue honours for the retry (see RetryAfterHint). */
  readonly retryAfterMs: number | undefined;

  constructor(readonly failure: GoogleFailure) {
    super(`Google answered ${failure.status ?? 'no response'} (${failure.reason})`);
    this.name = 'GoogleCallFailed';
    this.retryAfterMs = failure.retryAfterMs;
  }
}

/**
 * Writes one event, idempotently: an update where we placed it (an insert if it has vanished), otherwise an insert
 * with the appointment-derived id; a 409 there means an earlier attempt did reach Google (its answer was lost),
 * so the event is read back and updated only if it differs. Deleting an event already gone counts as done.
 * Nobody is notified by Google (`sendUpdates: none`): the event has no attendees.
 */
@Injectable()
export class EventWriter {
  constructor(private readonly sessions: CalendarSessions) {}

  put(integration: CalendarIntegrationEntity, body: calendar_v3.Schema$Event, placedHere: boolean): Promise<void> {
    const calendarId = integration.calendarId;
    const eventId = body.id ?? '';
    return this.call(integration, async (api) => {
      if (placedHere) {
        try {
          await api.events.update({ calendarId, eventId, sendUpdates: 'none', requestBody: body });
          return;
        } catch (error) {
          if (googleFailure(error).kind !== 'gone') throw error;
        }
      }
      try {
        await api.events.insert({ calendarId, sendUpdates: 'none', requestBody: body });
      } catch (error) {
        if (googleFailure(error).kind !== 'duplicate') throw error;
        const { data } = await api.events.get({ calendarId, eventId });
        if (!sameEvent(data, body)) await api.events.update({ calendarId, eventId, sendUpdates: 'none', requestBody: body });
      }
    });
  }

  remove(integration: CalendarIntegrationEntity, eventId: string): Promise<void> {
    return this.call(integration, async (api) => {
      try {
        await api.events.delete({ calendarId: integration.calendarId, eventId, sendUpdates: 'none' });
      } catch (error) {
        if (googleFailure(error).kind !== 'gone') throw error;
      }
    });
  }

  private async call(integration: CalendarIntegrationEntity, work: (api: calendar_v3.Calendar) => Promise<void>): Promise<void> {
    try {
      await this.sessions.use(integration, work);
    } catch (error) {
      if (error instanceof CalendarLinkBroken) throw error;
      throw new GoogleCallFailed(googleFailure(error));
    }
  }
}
