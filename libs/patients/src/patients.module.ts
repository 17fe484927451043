import { Module } from '@nestjs/common';
import { SettingsModule } from '@sophie/settings';
import { PatientsController } from './patients.controller';
import { PatientsService } from './patients.service';

/** Patients: the clinic's own records, in its own database. */
@Module({ imports: [SettingsModule], controllers: [PatientsController], providers: [PatientsService], exports: [PatientsService] })
export class PatientsModule {}
