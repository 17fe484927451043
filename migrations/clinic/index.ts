import { ClinicInit1795219200000 } from './1795219200000-clinic-init';

/** Clinic-database migrations, oldest first. Append; never edit one that has shipped. */
export const CLINIC_MIGRATIONS = [ClinicInit1795219200000];
