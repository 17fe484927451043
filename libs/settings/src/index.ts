import { ClinicSettingsEntity } from './clinic-settings.entity';

export * from './clinic-settings.dto';
export * from './clinic-settings.entity';
export * from './clinic-settings.service';
export * from './settings.module';

/** Entities this module keeps in each clinic database. */
export const SETTINGS_ENTITIES = [ClinicSettingsEntity];
