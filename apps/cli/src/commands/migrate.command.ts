import { SingleBar } from 'cli-progress';
import Table from 'cli-table3';
import { DomainError } from '@sophie/common';
import { pendingRegistryMigrations } from '@sophie/registry';
import { ClinicMigrationReport, ClinicMigrationsService, TenancyErrorCode } from '@sophie/tenancy';
import { CliContext, writeLine } from '../cli-context';

export interface MigrateOptions {
  clinic?: string;
  concurrency?: number;
  status?: boolean;
}

function summary(reports: ClinicMigrationReport[]): string {
  const table = new Table({ head: ['clinic', 'result', 'applied', 'schema version', 'ms', 'error'], style: { head: [], border: [] } });
  for (const r of reports) {
    table.push([r.clinicId, r.status, r.applied.join(', ') || '-', r.version ?? '-', String(r.durationMs), r.error ?? '']);
  }
  return table.toString();
}

/** `migrate`: registry first (already done when the context opened), then every clinic database. Exit 1 if any clinic failed. */
export async function migrateCommand(ctx: CliContext, options: MigrateOptions): Promise<number> {
  const { stdout, stderr } = ctx.io;
  const service = ctx.app.get(ClinicMigrationsService);
  if (options.status) return migrateStatus(ctx, service, options.clinic);

  writeLine(stdout, `Registry: ${ctx.registry.applied.length ? `applied ${ctx.registry.applied.join(', ')}` : 'up to date'}`);
  for (const warning of ctx.registry.warnings) writeLine(stderr, `Warning: ${warning}`);
  const bar = new SingleBar({ format: 'Clinics [{bar}] {value}/{total} {failed}', stream: stderr, noTTYOutput: false, hideCursor: true });
  let failed = 0;
  try {
    const reports = await service.migrateAll({
      clinicId: options.clinic,
      concurrency: options.concurrency ?? ctx.config.migrateConcurrency,
      onStart: (total) => bar.start(total, 0, { failed: '' }),
      onClinicDone: (report) => {
        if (report.status === 'failed') failed += 1;
        bar.increment(1, { failed: failed ? `(${failed} failed)` : '' });
      },
    });
    bar.stop();
    if (reports.length === 0) {
      writeLine(stdout, 'No clinic databases to migrate.');
      return 0;
    }
    writeLine(stdout, summary(reports));
    const counts = { migrated: 0, 'up-to-date': 0, failed: 0 };
    for (const r of reports) counts[r.status] += 1;
    writeLine(stdout, `${reports.length} clinics: ${counts.migrated} migrated, ${counts['up-to-date']} up to date, ${counts.failed} failed`);
    return counts.failed > 0 ? 1 : 0;
  } catch (error) {
    bar.stop();
    if (error instanceof DomainError && error.code === String(TenancyErrorCode.MigrationInProgress)) {
      writeLine(stderr, 'Another migration run is in progress; nothing was done.');
      return 2;
    }
    throw error;
  }
}

async function migrateStatus(ctx: CliContext, service: ClinicMigrationsService, clinicId?: string): Promise<number> {
  const { stdout } = ctx.io;
  const registryPending = await pendingRegistryMigrations(ctx.config.registryUrl);
  writeLine(stdout, `Registry: ${registryPending.length ? `pending ${registryPending.join(', ')}` : 'up to date'}`);
  const reports = await service.pending(clinicId);
  const table = new Table({ head: ['clinic', 'database', 'pending', 'error'], style: { head: [], border: [] } });
  for (const r of reports) table.push([r.clinicId, r.databaseName, r.pending.join(', ') || 'up to date', r.error ?? '']);
  writeLine(stdout, table.toString());
  const behind = reports.filter((r) => r.pending.length > 0 || r.error).length;
  writeLine(stdout, `${reports.length} clinics, ${behind} with pending migrations or errors`);
  return 0;
}
