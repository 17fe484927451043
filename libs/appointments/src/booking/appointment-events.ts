import { Injectable, Logger } from '@nestjs/common';
import { safeErrorForLog } from '@sophie/common';

/** An appointment now holds a start time: just booked, or moved. */
export interface ScheduledAppointment {
  readonly id: string;
  readonly startsAt: Date;
}

export type AppointmentListener = (appointment: ScheduledAppointment) => Promise<void>;

/**
 * Tells other domains that an appointment was booked or moved (reminders listen). Listeners run after the change;
 * their failure is logged and never undoes the booking.
 */
@Injectable()
export class AppointmentEvents {
  private readonly logger = new Logger(AppointmentEvents.name);
  private readonly listeners: AppointmentListener[] = [];

  onScheduled(listener: AppointmentListener): void {
    this.listeners.push(listener);
  }

  async scheduled(appointment: ScheduledAppointment): Promise<void> {
    for (const listener of this.listeners) {
      try {
        await listener(appointment);
      } catch (error) {
        this.logger.error({ appointmentId: appointment.id, error: safeErrorForLog(error) }, 'appointment listener failed');
      }
    }
  }
}
