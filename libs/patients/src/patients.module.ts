import { Module } from '@nestjs/common';
import { PatientsService } from './patients.service';

/** Patients: the clinic's own records, in its own database. */
@Module({ providers: [PatientsService], exports: [PatientsService] })
export class PatientsModule {}
