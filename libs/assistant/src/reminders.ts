import { Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AppointmentEvents, AppointmentRecords, AppointmentStatus, type ScheduledAppointment } from '@sophie/appointments';
import { ConversationsService } from '@sophie/conversations';
import { PatientsService } from '@sophie/patients';
import { JobQueue, type QueueJob } from '@sophie/queue';
import { ClinicSettingsService } from '@sophie/settings';
import { TenantConnectionProvider, TenantContext } from '@sophie/tenancy';
import { type OutboundContent, OutboundService, WhatsAppConfigService } from '@sophie/whatsapp';
import { AssistantPortsService } from './assistant-ports.service';
import { t } from './i18n/catalog';
import { DEFAULT_LANGUAGE, type Language, isLanguage } from './i18n/languages';
import { formatDate, formatTime } from './nlp/format';

export const REMINDER_QUEUE = 'reminders';

/** A reminder job: ids and the start it is for (a moved appointment's older job finds another start and does nothing). */
interface ReminderJob {
  clinicId: string;
  appointmentId: string;
  startsAt: string;
}

/** The quick replies of a reminder, handled by the engine. */
export const reminderChoice = (action: 'confirm' | 'cancel', appointmentId: string): string => `reminder:${action}:${appointmentId}`;

/**
 * Appointment reminders: when an appointment is booked or moved, a job is queued for `reminder_hours_before` its
 * start (none when it is booked inside that delay). When it runs, it sends one reminder per appointment start,
 * as the clinic's approved template for the patient's language (outside the 24-hour window only templates are
 * delivered), with confirm and cancel quick replies; nothing to an opted-out patient or for a cancelled or moved
 * appointment.
 */
@Injectable()
export class ReminderService implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly queue: JobQueue,
    private readonly context: TenantContext,
    private readonly tenant: TenantConnectionProvider,
    private readonly events: AppointmentEvents,
    private readonly records: AppointmentRecords,
    private readonly settings: ClinicSettingsService,
    private readonly patients: PatientsService,
    private readonly conversations: ConversationsService,
    private readonly config: WhatsAppConfigService,
    private readonly outbound: OutboundService,
    private readonly ports: AssistantPortsService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.queue.define(REMINDER_QUEUE, { policy: 'standard', retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 });
    this.events.onScheduled((appointment) => this.schedule(appointment));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.work<ReminderJob>(REMINDER_QUEUE, (job) => this.run(job), { concurrency: 2 });
  }

  /** Queues the reminder of an appointment that now starts at `startsAt` (inside its clinic's scope). */
  async schedule(appointment: ScheduledAppointment): Promise<void> {
    const hours = (await this.settings.get()).reminderHoursBefore;
    if (hours === 0) return;
    const sendAt = DateTime.fromJSDate(appointment.startsAt).minus({ hours }).toJSDate();
    if (sendAt.getTime() <= Date.now()) return; // booked inside the reminder delay: the confirmation is reminder enough
    const job: ReminderJob = { clinicId: this.tenant.clinicId, appointmentId: appointment.id, startsAt: appointment.startsAt.toISOString() };
    await this.queue.send<ReminderJob>(REMINDER_QUEUE, job, { startAfter: sendAt, singletonKey: `${job.appointmentId}:${job.startsAt}` });
  }

  private async run(job: QueueJob<ReminderJob>): Promise<void> {
    await this.context.runForClinic(job.data.clinicId, () => this.send(job.data.appointmentId, new Date(job.data.startsAt)));
  }

  /** Sends the reminder once; false when there is nothing to send. */
  async send(appointmentId: string, startsAt: Date): Promise<boolean> {
    const appointment = await this.records.find(appointmentId);
    if (!appointment || appointment.status !== AppointmentStatus.Booked || appointment.startsAt.getTime() !== startsAt.getTime() || !appointment.patientId) return false;
    const patient = await this.patients.findById(appointment.patientId);
    if (!patient) return false;
    const conversation = await this.conversations.ensureForPhone(patient.phone);
    if (conversation.optedOutAt) return false;
    const clinic = await this.ports.clinic();
    const language: Language = isLanguage(conversation.detectedLanguage) ? conversation.detectedLanguage : isLanguage(clinic.defaultLanguage) ? clinic.defaultLanguage : DEFAULT_LANGUAGE;
    const [treatmentNames, practitioner] = await Promise.all([this.ports.treatmentName(appointment.treatmentId), this.ports.practitionerName(appointment.practitionerId)]);
    const params = {
      treatment: treatmentNames[language] ?? Object.values(treatmentNames)[0] ?? '',
      practitioner,
      date: formatDate(startsAt, clinic.timezone, language),
      time: formatTime(startsAt, clinic.timezone, language),
    };
    const template = await this.config.reminderTemplate(language, clinic.defaultLanguage);
    const content: OutboundContent = template
      ? {
          kind: 'template',
          name: template,
          languageCode: language,
          components: [
            { type: 'body', parameters: [params.treatment, params.practitioner, params.date, params.time].map((text) => ({ type: 'text', text })) },
            { type: 'button', subType: 'quick_reply', index: 0, parameters: [{ type: 'payload', payload: reminderChoice('confirm', appointmentId) }] },
            { type: 'button', subType: 'quick_reply', index: 1, parameters: [{ type: 'payload', payload: reminderChoice('cancel', appointmentId) }] },
          ],
        }
      : {
          // No approved template: interactive buttons, which Meta delivers only within the 24-hour window.
          kind: 'buttons',
          body: t(language, 'reminder.body', params),
          buttons: [
            { id: reminderChoice('confirm', appointmentId), title: t(language, 'reminder.confirm.button') },
            { id: reminderChoice('cancel', appointmentId), title: t(language, 'reminder.cancel.button') },
          ],
        };
    const claimed = await this.tenant.transaction(async () => {
      if (!(await this.records.claimReminder(appointmentId, startsAt))) return false;
      await this.outbound.enqueue(conversation.id, content, 'assistant', null);
      return true;
    });
    if (claimed) await this.outbound.dispatch(conversation.id);
    return claimed;
  }
}
