import { ClinicInit1795219200000 } from './1795219200000-clinic-init';
import { PatientsSettings1795305600000 } from './1795305600000-patients-settings';
import { Scheduling1795392000000 } from './1795392000000-scheduling';

/** Clinic-database migrations, oldest first. Append; never edit one that has shipped. */
export const CLINIC_MIGRATIONS = [ClinicInit1795219200000, PatientsSettings1795305600000, Scheduling1795392000000];
