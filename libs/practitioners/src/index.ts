import { PractitionerEntity } from './practitioner.entity';

export * from './practitioner.entity';
export * from './practitioners.module';
export * from './practitioners.service';

/** Entities this module keeps in each clinic database. */
export const PRACTITIONER_ENTITIES = [PractitionerEntity];
