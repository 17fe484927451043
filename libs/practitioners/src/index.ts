import { ClosureEntity } from './closures/closure.entity';
import { PractitionerEntity } from './practitioner.entity';
import { PractitionerTreatmentEntity } from './treatments/practitioner-treatment.entity';
import { TreatmentEntity } from './treatments/treatment.entity';
import { WorkingHoursEntity } from './working-hours/working-hours.entity';

export * from './booking-resources.service';
export * from './closures/closure.entity';
export * from './practitioner.entity';
export * from './practitioners-error-code';
export * from './practitioners.module';
export * from './practitioners.service';
export * from './treatments/practitioner-treatment.entity';
export * from './treatments/treatment.entity';
export * from './working-hours/working-hours.entity';

/** Entities this module keeps in each clinic database. */
export const PRACTITIONER_ENTITIES = [PractitionerEntity, TreatmentEntity, PractitionerTreatmentEntity, WorkingHoursEntity, ClosureEntity];
