import { HttpStatus } from '@nestjs/common';
import { domainErrors } from '@sophie/common';

/** Error codes of the appointments module (slots and booking). */
export enum AppointmentsErrorCode {
  AppointmentNotFound = 'APPOINTMENT_NOT_FOUND',
  /** The slot was free by the rules but someone holds it (or part of its buffers): 409 with alternatives. */
  SlotTaken = 'SLOT_TAKEN',
  /** The time is outside working hours, in a closure, too soon or beyond the horizon: 422 with alternatives. */
  SlotNotOffered = 'SLOT_NOT_OFFERED',
  InvalidTransition = 'APPOINTMENT_INVALID_TRANSITION',
  InvalidRange = 'INVALID_RANGE',
  /** The practitioner's linked calendar cannot be read just now: whether the time is free is unknown (503). */
  CalendarUnreadable = 'CALENDAR_UNREADABLE',
}

export const appointmentsError = domainErrors<AppointmentsErrorCode>(
  {
    [AppointmentsErrorCode.AppointmentNotFound]: HttpStatus.NOT_FOUND,
    [AppointmentsErrorCode.SlotTaken]: HttpStatus.CONFLICT,
    [AppointmentsErrorCode.SlotNotOffered]: HttpStatus.UNPROCESSABLE_ENTITY,
    [AppointmentsErrorCode.InvalidTransition]: HttpStatus.CONFLICT,
    [AppointmentsErrorCode.InvalidRange]: HttpStatus.BAD_REQUEST,
    [AppointmentsErrorCode.CalendarUnreadable]: HttpStatus.SERVICE_UNAVAILABLE,
  },
  { [AppointmentsErrorCode.CalendarUnreadable]: 30 },
);
