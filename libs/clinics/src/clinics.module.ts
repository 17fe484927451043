import { Module } from '@nestjs/common';
import { PatientsModule } from '@sophie/patients';
import { PractitionersModule } from '@sophie/practitioners';
import { SettingsModule } from '@sophie/settings';
import { ClinicProfileController } from './clinic-profile.controller';
import { ClinicProfileService } from './clinic-profile.service';
import { SuperadminClinicsController } from './superadmin-clinics.controller';
import { SuperadminClinicsService } from './superadmin-clinics.service';

/** Clinics as the superadmin manages them, and a clinic's own profile. */
@Module({
  imports: [PatientsModule, PractitionersModule, SettingsModule],
  controllers: [SuperadminClinicsController, ClinicProfileController],
  providers: [SuperadminClinicsService, ClinicProfileService],
  exports: [SuperadminClinicsService],
})
export class ClinicsModule {}
