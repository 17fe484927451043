export * from './backup-error-code';
export * from './backup-manifest';
export * from './backup.module';
export * from './backup.service';
export * from './clinic-restore.service';
export * from './pg-tools';
export * from './sealed-file';
