import { Module } from '@nestjs/common';
import { BackupModule } from '@sophie/backup';
import { ConversationsModule } from '@sophie/conversations';
import { PatientsModule } from '@sophie/patients';
import { PractitionersModule } from '@sophie/practitioners';
import { SettingsModule } from '@sophie/settings';
import { AuditLogService } from './audit-log.service';
import { ClinicLifecycleService } from './clinic-lifecycle.service';
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
  imports: [PatientsModule, PractitionersModule, SettingsModule, ConversationsModule, BackupModule],
  controllers: [SuperadminClinicsController, SuperadminAuditController, SuperadminStatsController, ClinicProfileController, ClinicAuditController],
  providers: [SuperadminClinicsService, ClinicLifecycleService, ClinicProfileService, AuditLogService, SuperadminStatsService],
  exports: [SuperadminClinicsService, ClinicLifecycleService],
})
export class ClinicsModule {}
