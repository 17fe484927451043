import { AppointmentEntity } from './booking/appointment.entity';

export * from './booking/appointment.entity';

/** Entities this module keeps in each clinic database. */
export const APPOINTMENT_ENTITIES = [AppointmentEntity];
