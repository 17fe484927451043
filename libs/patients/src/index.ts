import { PatientEntity } from './patient.entity';

export * from './dto/create-patient.dto';
export * from './dto/list-patients-query.dto';
export * from './dto/patient-response.dto';
export * from './patient.entity';
export * from './patients-error-code';
export * from './patients.module';
export * from './patients.service';
export * from './phone';

/** Entities this module keeps in each clinic database. */
export const PATIENT_ENTITIES = [PatientEntity];
