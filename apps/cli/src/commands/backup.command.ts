import path from 'node:path';
import { SingleBar } from 'cli-progress';
import Table from 'cli-table3';
import { BackupService, ClinicRestoreService, dumpPath, openSealedFile, readManifest } from '@sophie/backup';
import { prepareRuntime, SecretBox } from '@sophie/common';
import { AuditService, ClinicStatus } from '@sophie/registry';
import { CliContext, CliIo, writeLine } from '../cli-context';
import { CLI_ACTOR } from './cli-actor';

export interface BackupCommandOptions {
  out?: string;
  concurrency?: number;
}

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** `backup`: the registry and every clinic database, sealed, with a manifest. Exit 1 when some clinic failed. */
export async function backupCommand(ctx: CliContext, options: BackupCommandOptions): Promise<number> {
  const { stdout, stderr } = ctx.io;
  const bar = new SingleBar({ format: 'Clinics [{bar}] {value}/{total} {failed}', stream: stderr, noTTYOutput: false, hideCursor: true });
  let failed = 0;
  const { folder, manifest } = await ctx.app.get(BackupService).backupAll({
    concurrency: options.concurrency ?? 2,
    into: options.out,
    onStart: (total) => bar.start(total, 0, { failed: '' }),
    onClinicDone: (entry) => {
      if (entry.result === 'failed') failed += 1;
      bar.increment(1, { failed: failed ? `(${failed} failed)` : '' });
    },
  });
  bar.stop();
  const table = new Table({ head: ['clinic', 'result', 'size', 'sha256', 'error'], style: { head: [], border: [] } });
  for (const c of manifest.clinics) table.push([c.id, c.result, c.dump ? size(c.dump.bytes) : '-', c.dump?.sha256.slice(0, 16) ?? '-', c.error ?? '']);
  if (manifest.clinics.length > 0) writeLine(stdout, table.toString());
  writeLine(stdout, `Registry: ${manifest.registry ? size(manifest.registry.bytes) : 'failed'}`);
  writeLine(stdout, `${manifest.clinics.length} clinics: ${manifest.clinics.length - failed} dumped, ${failed} failed`);
  writeLine(stdout, `Backup written to ${folder} (manifest.json lists every file with its SHA-256; the files are sealed with SECRETS_KEY)`);
  await ctx.app.get(AuditService).record({ action: 'backup.created', actorRole: CLI_ACTOR.role });
  return failed > 0 ? 1 : 0;
}

/** `backup verify <folder>`: every file decrypts and pg_restore reads it. Exit 1 when one does not. */
export async function verifyBackupCommand(ctx: CliContext, folder: string): Promise<number> {
  const manifest = await readManifest(path.resolve(folder));
  const backups = ctx.app.get(BackupService);
  const files = [...(manifest.registry ? [{ name: 'registry', file: manifest.registry }] : []), ...manifest.clinics.flatMap((c) => (c.dump ? [{ name: c.id, file: c.dump }] : []))];
  let bad = 0;
  for (const { name, file } of files) {
    try {
      const tables = await backups.verify(dumpPath(path.resolve(folder), file));
      writeLine(ctx.io.stdout, `${name}: ok (${tables} tables)`);
    } catch (error) {
      bad += 1;
      writeLine(ctx.io.stdout, `${name}: FAILED ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  writeLine(ctx.io.stdout, `${files.length} files, ${bad} failed`);
  return bad > 0 ? 1 : 0;
}

export interface RestoreCommandOptions {
  clinic: string;
  from: string;
  force?: boolean;
}

/** `restore --clinic <id> --from <backup folder>`: brings one clinic back. */
export async function restoreCommand(ctx: CliContext, options: RestoreCommandOptions): Promise<number> {
  const outcome = await ctx.app.get(ClinicRestoreService).restore(path.resolve(options.from), options.clinic, { force: options.force });
  await ctx.app.get(AuditService).record({ action: 'clinic.restored', clinicId: outcome.clinicId, targetType: 'clinic', targetId: outcome.clinicId, actorRole: CLI_ACTOR.role });
  const { stdout } = ctx.io;
  writeLine(stdout, `Clinic ${outcome.clinicId} restored into ${outcome.databaseName}${outcome.recreated ? ' (recorded again in the registry from the manifest)' : ''}.`);
  if (outcome.migrated.length > 0) writeLine(stdout, `Migrated to the current schema: ${outcome.migrated.join(', ')}`);
  writeLine(stdout, outcome.status === ClinicStatus.Active ? 'It is active and serving.' : 'It is suspended: reactivate it (clinics reactivate) once checked.');
  return 0;
}

/**
 * `backup decrypt <sealed file> <out>`: a plain pg_dump archive (0600) for PostgreSQL's own pg_restore, e.g. to
 * bring back a lost registry. Needs only the configuration's keys: it never opens the registry, which may be gone.
 */
export async function decryptBackupFileCommand(io: CliIo, file: string, out: string): Promise<number> {
  const runtime = await prepareRuntime(io.env);
  try {
    const box = new SecretBox(runtime.config.secretsKey, [...runtime.config.previousSecretsKeys]);
    await openSealedFile(box, path.resolve(file), path.resolve(out));
    writeLine(io.stdout, `Decrypted into ${path.resolve(out)} (a pg_dump archive holding patient data: delete it once restored).`);
    return 0;
  } finally {
    await runtime.embedded?.stop();
  }
}
