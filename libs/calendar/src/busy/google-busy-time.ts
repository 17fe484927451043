import { Injectable, Logger } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { BusyTimeSource, BusyTimeSubject, ExternalBusyTimes, TimeInterval } from '@sophie/appointments';
import { TenantConnectionProvider } from '@sophie/tenancy';
import { googleFailure } from '../google/google-errors';
import type { CalendarIntegrationEntity } from '../integration/calendar-integration.entity';
import { CalendarIntegrations } from '../integration/calendar-integrations';
import { CalendarLinkBroken, CalendarSessions } from '../integration/calendar-sessions';

/** How long a free/busy answer is reused for the same practitioner and range (bookings re-check it fresh). */
const CACHE_TTL_MS = 30_000;

/**
 * Linked practitioners' Google busy times, through `freebusy.query` (one query per practitioner: each has their
 * own grant). A calendar that cannot be read (an error, a per-calendar error inside a 200, a link needing
 * reconnection) is `unavailable`: that practitioner offers no slots rather than slots that may be taken.
 * Practitioners without a link are `none`.
 */
@Injectable()
export class GoogleBusyTime implements BusyTimeSource {
  private readonly logger = new Logger(GoogleBusyTime.name);
  private readonly cache = new LRUCache<string, ExternalBusyTimes>({ max: 5_000, ttl: CACHE_TTL_MS });

  constructor(
    private readonly tenant: TenantConnectionProvider,
    private readonly integrations: CalendarIntegrations,
    private readonly sessions: CalendarSessions,
  ) {}

  async busyTimes(subjects: readonly BusyTimeSubject[], range: TimeInterval, options: { fresh: boolean }): Promise<Map<string, ExternalBusyTimes>> {
    const links = new Map((await this.integrations.findMany(subjects.map((s) => s.practitionerId))).map((link) => [link.practitionerId, link]));
    const answers = await Promise.all(
      subjects.map(async (subject): Promise<[string, ExternalBusyTimes]> => {
        const link = links.get(subject.practitionerId);
        if (!link) return [subject.practitionerId, { kind: 'none' }];
        return [subject.practitionerId, await this.cached(link, range, options.fresh)];
      }),
    );
    return new Map(answers);
  }

  private async cached(link: CalendarIntegrationEntity, range: TimeInterval, fresh: boolean): Promise<ExternalBusyTimes> {
    const key = `${this.tenant.clinicId}:${link.id}:${link.calendarId}:${range.start.toISOString()}:${range.end.toISOString()}`;
    const hit = fresh ? undefined : this.cache.get(key);
    if (hit) return hit;
    const answer = await this.query(link, range);
    if (answer.kind === 'busy') this.cache.set(key, answer);
    else this.cache.delete(key);
    return answer;
  }

  private async query(link: CalendarIntegrationEntity, range: TimeInterval): Promise<ExternalBusyTimes> {
    if (!link.isActive) return { kind: 'unavailable', reason: 'needs_reconnect' };
    try {
      const { data } = await this.sessions.use(link, (api) =>
        api.freebusy.query({ requestBody: { timeMin: range.start.toISOString(), timeMax: range.end.toISOString(), items: [{ id: link.calendarId }] } }),
      );
      const calendar = data.calendars?.[link.calendarId];
      const calendarError = calendar?.errors?.[0]?.reason;
      if (!calendar || calendarError) return this.unavailable(link, calendarError ?? 'calendar_missing');
      const intervals = (calendar.busy ?? []).flatMap((period) => {
        const start = new Date(period.start ?? '');
        const end = new Date(period.end ?? '');
        return Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end <= start ? [] : [{ start, end }];
      });
      return { kind: 'busy', intervals };
    } catch (error) {
      if (error instanceof CalendarLinkBroken) return { kind: 'unavailable', reason: 'needs_reconnect' };
      return this.unavailable(link, googleFailure(error).reason);
    }
  }

  private unavailable(link: CalendarIntegrationEntity, reason: string): ExternalBusyTimes {
    this.logger.warn({ clinicId: this.tenant.clinicId, practitionerId: link.practitionerId, reason }, 'Google Calendar free/busy unreadable: no slots offered for this practitioner');
    return { kind: 'unavailable', reason };
  }
}
