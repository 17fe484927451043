import { Injectable, Logger } from '@nestjs/common';
import { safeErrorForLog } from '@sophie/common';
import { TenantConnectionProvider } from '@sophie/tenancy';

/** An appointment now holds a start time: just booked, or moved. */
export interface ScheduledAppointment {
  readonly id: string;
  readonly startsAt: Date;
}

/** What happened to an appointment. */
export type AppointmentChangeKind = 'booked' | 'rescheduled' | 'cancelled' | 'completed' | 'no_show';

export interface AppointmentChange {
  readonly id: string;
  readonly kind: AppointmentChangeKind;
}

export type AppointmentListener = (appointment: ScheduledAppointment) => Promise<void>;
export type AppointmentChangeListener = (change: AppointmentChange) => Promise<void>;

/**
 * Tells other domains about appointments: booked or moved (`onScheduled`: reminders), and every change
 * (`onChanged`: the practitioner's calendar). Listeners run once the change is committed (after the caller's
 * transaction, if any); their failure is logged and never undoes the change.
 */
@Injectable()
export class AppointmentEvents {
  private readonly logger = new Logger(AppointmentEvents.name);
  private readonly scheduledListeners: AppointmentListener[] = [];
  private readonly changeListeners: AppointmentChangeListener[] = [];

  constructor(private readonly tenant: TenantConnectionProvider) {}

  onScheduled(listener: AppointmentListener): void {
    this.scheduledListeners.push(listener);
  }

  onChanged(listener: AppointmentChangeListener): void {
    this.changeListeners.push(listener);
  }

  /** Announces a change; a booking or a move is also announced to `onScheduled` listeners with its start. */
  changed(change: AppointmentChange, startsAt?: Date): Promise<void> {
    return this.tenant.afterCommit(async () => {
      if (startsAt && (change.kind === 'booked' || change.kind === 'rescheduled')) {
        for (const listener of this.scheduledListeners) await this.safely(change.id, () => listener({ id: change.id, startsAt }));
      }
      for (const listener of this.changeListeners) await this.safely(change.id, () => listener(change));
    });
  }

  private async safely(appointmentId: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.logger.error({ appointmentId, error: safeErrorForLog(error) }, 'appointment listener failed');
    }
  }
}
