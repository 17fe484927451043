import { ClosureEntity } from './closures/closure.entity';
import { PractitionerEntity } from './practitioner.entity';
import { PractitionerTreatmentEntity } from './treatments/practitioner-treatment.entity';
import { TreatmentEntity } from './treatments/treatment.entity';
import { WorkingHoursEntity } from './working-hours/working-hours.entity';

export * from './booking-resources.service';
export * from './closures/closure.entity';
export * from './closures/closures.service';
export * from './closures/closure-response.dto';
export * from './dto/practitioner-response.dto';
export * from './practitioner.entity';
export * from './practitioners-error-code';
export * from './practitioners.module';
export * from './practitioners.service';
export * from './treatments/practitioner-treatments.dto';
export * from './treatments/treatment-response.dto';
export * from './treatments/localized-name.validator';
export * from './treatments/practitioner-treatment.entity';
export * from './treatments/practitioner-treatments.service';
export * from './treatments/treatment.entity';
export * from './treatments/treatments.service';
export * from './working-hours/working-hours.dto';
export * from './working-hours/working-hours.entity';
export * from './working-hours/working-hours.service';

/** Entities this module keeps in each clinic database. */
export const PRACTITIONER_ENTITIES = [PractitionerEntity, TreatmentEntity, PractitionerTreatmentEntity, WorkingHoursEntity, ClosureEntity];
