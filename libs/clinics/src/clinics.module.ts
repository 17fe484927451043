import { Module } from '@nestjs/common';
import { ConversationsModule } from '@sophie/conversations';
import { PatientsModule } from '@sophie/patients';
import { PractitionersModule } from '@sophie/practitioners';
import { SettingsModule } from '@sophie/settings';
import { AuditLogService } from './audit-log.service';
import { ClinicAuditController } from './clinic-audit.controller';
import { ClinicProfileController } from './clinic-profile.controller';
import { ClinicProfileService } from './clinic-profile.service';
import { SuperadminAuditController } from './superadmin-audit.controller';
import { SuperadminClinicsController } from './superadmin-clinics.controller';
import { SuperadminClinicsService } from './superadmin-clinics.service';
import { SuperadminStatsController } from './superadmin-stats.controller';
import { SuperadminStatsService } from './superadmin-stats.service';

/** Clinics as the superadmin manages them (with the platform's audit log and figures), and a clinic's own profile and audit log. */
@Module({
  imports: [PatientsModule, PractitionersModule, SettingsModule, ConversationsModule],
  controllers: [SuperadminClinicsController, SuperadminAuditController, SuperadminStatsController, ClinicProfileController, ClinicAuditController],
  providers: [SuperadminClinicsService, ClinicProfileService, AuditLogService, SuperadminStatsService],
  exports: [SuperadminClinicsService],
})
export class ClinicsModule {}
