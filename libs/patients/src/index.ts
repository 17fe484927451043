import { PatientEntity } from './patient.entity';

export * from './patient.entity';
export * from './patients.module';
export * from './patients.service';

/** Entities this module keeps in each clinic database. */
export const PATIENT_ENTITIES = [PatientEntity];
