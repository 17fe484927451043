import { ClinicInit1795219200000 } from './1795219200000-clinic-init';
import { PatientsSettings1795305600000 } from './1795305600000-patients-settings';
import { Scheduling1795392000000 } from './1795392000000-scheduling';
import { WhatsApp1795478400000 } from './1795478400000-whatsapp';
import { Assistant1795564800000 } from './1795564800000-assistant';
import { Reminders1795651200000 } from './1795651200000-reminders';
import { Calendar1795737600000 } from './1795737600000-calendar';

/** Clinic-database migrations, oldest first. Append; never edit one that has shipped. */
export const CLINIC_MIGRATIONS = [ClinicInit1795219200000, PatientsSettings1795305600000, Scheduling1795392000000, WhatsApp1795478400000, Assistant1795564800000, Reminders1795651200000, Calendar1795737600000];
