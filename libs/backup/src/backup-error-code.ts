import { HttpStatus } from '@nestjs/common';
import { domainErrors } from '@sophie/common';

/** Error codes of backups, restores and final exports. */
export enum BackupErrorCode {
  ToolMissing = 'BACKUP_TOOL_MISSING',
  ToolTooOld = 'BACKUP_TOOL_TOO_OLD',
  ToolFailed = 'BACKUP_TOOL_FAILED',
  ManifestInvalid = 'BACKUP_MANIFEST_INVALID',
  ClinicNotInBackup = 'BACKUP_CLINIC_NOT_FOUND',
  FileCorrupt = 'BACKUP_FILE_CORRUPT',
  ClinicActive = 'RESTORE_CLINIC_ACTIVE',
  ClinicBusy = 'RESTORE_CLINIC_BUSY',
}

const STATUS: Record<BackupErrorCode, HttpStatus> = {
  [BackupErrorCode.ToolMissing]: HttpStatus.SERVICE_UNAVAILABLE,
  [BackupErrorCode.ToolTooOld]: HttpStatus.SERVICE_UNAVAILABLE,
  [BackupErrorCode.ToolFailed]: HttpStatus.SERVICE_UNAVAILABLE,
  [BackupErrorCode.ManifestInvalid]: HttpStatus.BAD_REQUEST,
  [BackupErrorCode.ClinicNotInBackup]: HttpStatus.NOT_FOUND,
  [BackupErrorCode.FileCorrupt]: HttpStatus.UNPROCESSABLE_ENTITY,
  [BackupErrorCode.ClinicActive]: HttpStatus.CONFLICT,
  [BackupErrorCode.ClinicBusy]: HttpStatus.CONFLICT,
};

export const backupError = domainErrors(STATUS);
