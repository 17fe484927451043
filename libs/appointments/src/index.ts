import { AppointmentEntity } from './booking/appointment.entity';

export * from './appointments-error-code';
export * from './appointments.module';
export * from './booking/appointment-events';
export * from './booking/appointment-records';
export * from './booking/appointment.entity';
export * from './booking/appointments.service';
export * from './dto/appointment-response.dto';
export * from './slots/busy-time-source';
export * from './slots/slot-engine';
export * from './slots/slot-finder';
export * from './slots/slots.service';

/** Entities this module keeps in each clinic database. */
export const APPOINTMENT_ENTITIES = [AppointmentEntity];
