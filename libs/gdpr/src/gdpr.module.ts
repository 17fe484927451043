import { Module } from '@nestjs/common';
import { AppointmentsModule } from '@sophie/appointments';
import { PatientsModule } from '@sophie/patients';
import { PatientDataController } from './patient-data.controller';
import { PatientDataService } from './patient-data.service';

/** Patients' rights over their data: export and erasure across every domain of the clinic database. */
@Module({ imports: [PatientsModule, AppointmentsModule], controllers: [PatientDataController], providers: [PatientDataService] })
export class GdprModule {}
