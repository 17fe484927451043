import { Injectable, Logger, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { AppointmentEntity, AppointmentEvents, AppointmentRecords, AppointmentStatus } from '@sophie/appointments';
import { safeErrorForLog } from '@sophie/common';
import { BookingResourcesService } from '@sophie/practitioners';
import { JobQueue, type QueueJob } from '@sophie/queue';
import { ClinicRegistryService } from '@sophie/registry';
import { TenantConnectionProvider, TenantContext } from '@sophie/tenancy';
import { GoogleApi } from '../google/google-api';
import { CalendarIntegrations } from '../integration/calendar-integrations';
import { CalendarLinkBroken } from '../integration/calendar-sessions';
import { CalendarEventEntity } from './calendar-event.entity';
import { EventWriter, GoogleCallFailed } from './event-writer';
import { type EventFacts, bodyHash, eventBody, eventIdOf } from './event-body';

export const CALENDAR_SYNC_QUEUE = 'calendar.sync';

/** A sync job: ids only. It makes the calendar match the appointment as it is when the job runs. */
interface SyncJob {
  clinicId: string;
  appointmentId: string;
}

/**
 * Keeps each appointment's event in its practitioner's Google Calendar: booking inserts it, a move updates it (or
 * moves it to the new practitioner's calendar), a cancellation deletes it. Every change queues a durable job
 * (one running at a time per appointment) that reconciles the calendar with the appointment's current state, so
 * repeats and retries are harmless. Rate limits and server errors are retried with exponential backoff (about
 * eleven hours in all); a refused grant waits for the practitioner to link again; a booking never fails or waits
 * because of Google.
 */
@Injectable()
export class CalendarSync implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger(CalendarSync.name);

  constructor(
    private readonly queue: JobQueue,
    private readonly context: TenantContext,
    private readonly tenant: TenantConnectionProvider,
    private readonly events: AppointmentEvents,
    private readonly records: AppointmentRecords,
    private readonly resources: BookingResourcesService,
    private readonly registry: ClinicRegistryService,
    private readonly google: GoogleApi,
    private readonly integrations: CalendarIntegrations,
    private readonly writer: EventWriter,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.queue.define(CALENDAR_SYNC_QUEUE, { policy: 'singleton', retryLimit: 12, retryDelay: 10, retryBackoff: true, expireInSeconds: 120 });
    this.events.onChanged((change) => this.request(change.id));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.work<SyncJob>(CALENDAR_SYNC_QUEUE, (job) => this.run(job), { concurrency: 2 });
  }

  /** Queues a sync of this appointment when its calendar is (or was) involved. Inside its clinic's scope. */
  async request(appointmentId: string): Promise<void> {
    if (!this.google.enabled) return;
    const appointment = await this.records.find(appointmentId);
    if (!appointment) return;
    const [integration, placed] = await Promise.all([this.integrations.find(appointment.practitionerId), this.placement(appointmentId)]);
    if (!integration && !placed?.practitionerId) return;
    await this.send(appointmentId);
  }

  /**
   * Queues a sync of every upcoming appointment of a practitioner and of every event of theirs left pending (after
   * linking): their calendar catches up, cancelled appointments' events included.
   */
  async resyncPractitioner(practitionerId: string): Promise<number> {
    const upcoming = await (await this.tenant.getRepository(AppointmentEntity))
      .createQueryBuilder('a')
      .select('a.id', 'id')
      .where('a.practitioner_id = :practitionerId', { practitionerId })
      .andWhere('a.status = :status', { status: AppointmentStatus.Booked })
      .andWhere('a.ends_at > now()')
      .getRawMany<{ id: string }>();
    const unfinished = await (await this.tenant.getRepository(CalendarEventEntity))
      .createQueryBuilder('e')
      .select('e.appointment_id', 'id')
      .where('e.practitioner_id = :practitionerId', { practitionerId })
      .andWhere(`e.state <> 'synced'`)
      .getRawMany<{ id: string }>();
    const ids = [...new Set([...upcoming, ...unfinished].map((row) => row.id))];
    for (const id of ids) await this.send(id);
    return ids.length;
  }

  /** Forgets where a practitioner's events are (their link was removed: we can no longer reach them). */
  async forgetPractitioner(practitionerId: string): Promise<void> {
    await (await this.tenant.getRepository(CalendarEventEntity)).delete({ practitionerId });
  }

  /** Appointments of these practitioners whose events are not in step (pending or failed). */
  async outOfStep(practitionerId: string): Promise<{ pending: number; failed: number; lastError: string | null }> {
    const rows = await (await this.tenant.getRepository(CalendarEventEntity))
      .createQueryBuilder('e')
      .select('e.state', 'state')
      .addSelect('count(*)::int', 'count')
      .addSelect('max(e.last_error)', 'lastError')
      .where(`e.state <> 'synced'`)
      .andWhere('(e.practitioner_id = :id OR e.appointment_id IN (SELECT id FROM appointments WHERE practitioner_id = :id))', { id: practitionerId })
      .groupBy('e.state')
      .getRawMany<{ state: string; count: number; lastError: string | null }>();
    const of = (state: string): number => rows.find((r) => r.state === state)?.count ?? 0;
    return { pending: of('pending'), failed: of('failed'), lastError: rows.find((r) => r.lastError)?.lastError ?? null };
  }

  private async send(appointmentId: string): Promise<void> {
    const job: SyncJob = { clinicId: this.tenant.clinicId, appointmentId };
    await this.queue.send<SyncJob>(CALENDAR_SYNC_QUEUE, job, { singletonKey: `${job.clinicId}:${appointmentId}` });
  }

  private async run(job: QueueJob<SyncJob>): Promise<void> {
    await this.context.runForClinic(job.data.clinicId, async () => {
      try {
        await this.sync(job.data.appointmentId);
      } catch (error) {
        await this.failed(job.data.appointmentId, error, job.finalAttempt);
      }
    });
  }

  /** Makes the calendar match the appointment now. */
  async sync(appointmentId: string): Promise<void> {
    const appointment = await this.records.find(appointmentId);
    const placed = await this.placement(appointmentId);
    const wanted = appointment && appointment.status !== AppointmentStatus.Cancelled ? appointment : null;
    const target = wanted ? await this.integrations.find(wanted.practitionerId) : null;

    if (placed?.practitionerId && (!wanted || !target || placed.practitionerId !== target.practitionerId || placed.calendarId !== target.calendarId)) {
      await this.removeFrom(placed);
    }
    if (!wanted || !target) {
      if (placed) await this.record(appointmentId, { practitionerId: null, calendarId: null, syncedHash: null, state: 'synced', lastError: null });
      return;
    }
    if (!target.isActive) throw new CalendarLinkBroken(target.practitionerId);
    const body = eventBody(await this.facts(wanted));
    const hash = bodyHash(body);
    const sameCalendar = placed?.practitionerId === target.practitionerId && placed.calendarId === target.calendarId;
    if (sameCalendar && placed.state === 'synced' && placed.syncedHash === hash) return;
    await this.writer.put(target, body, sameCalendar);
    await this.record(appointmentId, { practitionerId: target.practitionerId, calendarId: target.calendarId, syncedHash: hash, state: 'synced', lastError: null });
  }

  private async removeFrom(placed: CalendarEventEntity): Promise<void> {
    const holder = placed.practitionerId ? await this.integrations.find(placed.practitionerId) : null;
    // Refused by Google: the delete waits (pending) until the practitioner links again, or the event would block time.
    if (holder && !holder.isActive && holder.calendarId === placed.calendarId) throw new CalendarLinkBroken(holder.practitionerId);
    // A link removed since, or another calendar chosen: that calendar is out of our reach; its owner keeps the event.
    if (holder?.isActive && holder.calendarId === placed.calendarId) await this.writer.remove(holder, placed.eventId);
    await this.record(placed.appointmentId, { practitionerId: null, calendarId: null, syncedHash: null });
  }

  /**
   * Records why a sync did not finish; retryable failures are thrown again so the queue retries with backoff. On the
   * job's last attempt the event is recorded `failed` (staff see it in the calendar's state; relinking retries it)
   * and the job still fails, into the dead-letter queue, for operators.
   */
  private async failed(appointmentId: string, error: unknown, finalAttempt: boolean): Promise<void> {
    if (error instanceof CalendarLinkBroken) {
      await this.record(appointmentId, { state: 'pending', lastError: 'needs_reconnect' });
      return;
    }
    if (!(error instanceof GoogleCallFailed)) {
      if (finalAttempt) await this.record(appointmentId, { state: 'failed', lastError: 'gave_up: internal error' }).catch(() => undefined);
      throw error;
    }
    const failure = error.failure;
    if (failure.kind === 'retry' || failure.kind === 'client') {
      if (finalAttempt) this.logger.warn({ clinicId: this.tenant.clinicId, appointmentId, status: failure.status, reason: failure.reason }, 'Gave up writing a calendar event after every retry');
      await this.record(appointmentId, { state: finalAttempt ? 'failed' : 'pending', lastError: finalAttempt ? `gave_up: ${failure.reason}`.slice(0, 200) : failure.reason });
      throw error;
    }
    this.logger.warn({ clinicId: this.tenant.clinicId, appointmentId, status: failure.status, reason: failure.reason }, 'Google refused a calendar write');
    await this.record(appointmentId, { state: 'failed', lastError: failure.reason }).catch((recordError: unknown) => {
      this.logger.error({ appointmentId, error: safeErrorForLog(recordError) }, 'could not record a calendar sync failure');
    });
  }

  private async facts(appointment: AppointmentEntity): Promise<EventFacts> {
    const [timeZone, clinic, names] = await Promise.all([
      this.tenant.timeZone(),
      this.registry.findById(this.tenant.clinicId),
      this.resources.treatmentNames([appointment.treatmentId]),
    ]);
    const language = clinic?.defaultLanguage ?? 'fr';
    const treatment = names.get(appointment.treatmentId) ?? {};
    return {
      appointmentId: appointment.id,
      startsAt: appointment.startsAt,
      endsAt: appointment.endsAt,
      timeZone,
      treatmentName: treatment[language] ?? Object.values(treatment)[0] ?? '',
      clinicName: clinic?.name ?? '',
      language,
    };
  }

  private async placement(appointmentId: string): Promise<CalendarEventEntity | null> {
    return (await this.tenant.getRepository(CalendarEventEntity)).findOneBy({ appointmentId });
  }

  private async record(appointmentId: string, patch: Partial<CalendarEventEntity>): Promise<void> {
    const repository = await this.tenant.getRepository(CalendarEventEntity);
    const current = await repository.findOneBy({ appointmentId });
    await repository.save({
      appointmentId,
      eventId: eventIdOf(appointmentId),
      practitionerId: null,
      calendarId: null,
      syncedHash: null,
      state: 'pending',
      lastError: null,
      ...current,
      ...patch,
    } satisfies Omit<CalendarEventEntity, 'updatedAt'>);
  }
}
