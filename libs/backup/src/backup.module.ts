import { Module } from '@nestjs/common';
import { AppConfig } from '@sophie/common';
import { BackupService } from './backup.service';
import { ClinicRestoreService } from './clinic-restore.service';
import { PgTools } from './pg-tools';

/** PostgreSQL's client tools, from PG_BIN_DIR or the PATH: one instance for every backup, restore and move. */
const PG_TOOLS = { provide: PgTools, useFactory: (config: AppConfig) => new PgTools(config.pgBinDir), inject: [AppConfig] };

/** Backups of the registry and clinic databases (pg_dump, sealed), restores of one clinic, final exports. */
@Module({
  providers: [PG_TOOLS, BackupService, ClinicRestoreService],
  exports: [PgTools, BackupService, ClinicRestoreService],
})
export class BackupModule {}
