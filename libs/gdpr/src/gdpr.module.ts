import { Module } from '@nestjs/common';
import { AppointmentsModule } from '@sophie/appointments';
import { ConversationsModule } from '@sophie/conversations';
import { PatientsModule } from '@sophie/patients';
import { WhatsAppModule } from '@sophie/whatsapp';
import { PatientDataController } from './patient-data.controller';
import { PatientDataService } from './patient-data.service';

/** Patients' rights over their data: export and erasure across every domain of the clinic database. */
@Module({ imports: [PatientsModule, AppointmentsModule, ConversationsModule, WhatsAppModule], controllers: [PatientDataController], providers: [PatientDataService] })
export class GdprModule {}
