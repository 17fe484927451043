import { Module } from '@nestjs/common';
import { BackupService } from './backup.service';
import { ClinicRestoreService } from './clinic-restore.service';

/** Backups of the registry and clinic databases (pg_dump, sealed), restores of one clinic, final exports. */
@Module({
  providers: [BackupService, ClinicRestoreService],
  exports: [BackupService, ClinicRestoreService],
})
export class BackupModule {}
