import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, parsePgUrl, safeErrorForLog, SecretsService } from '@sophie/common';
import { ClinicEntity, ClinicRegistryService, ClinicStatus, DatabaseServersService } from '@sophie/registry';
import { mapWithConcurrency, withAdminClient } from '@sophie/tenancy';
import { BackupManifest, ManifestClinic, newManifest, profileRecord, writeManifest } from './backup-manifest';
import { PgTarget, PgTools, targetOf } from './pg-tools';
import { BackupErrorCode, backupError } from './backup-error-code';
import { withPlainScratch } from './scratch';
import { openSealedFile, writeSealedFile } from './sealed-file';

/** Clinics with a database to dump. */
const DUMPED_STATUSES = [ClinicStatus.Active, ClinicStatus.Suspended, ClinicStatus.Decommissioning];

export interface BackupOptions {
  /** Clinic databases dumped at once. */
  concurrency: number;
  /** Parent folder of the new backup (default BACKUP_DIR). */
  into?: string;
  onStart?: (clinics: number) => void;
  onClinicDone?: (entry: ManifestClinic) => void;
}

export interface BackupOutcome {
  folder: string;
  manifest: BackupManifest;
}

/** A folder name that sorts by time and is safe on every file system. */
function stamp(): string {
  return new Date().toISOString().replace(/[:.]/g, '-');
}

/**
 * Dumps the registry and clinic databases with pg_dump into a new folder: one sealed file per database and
 * a manifest (sizes, SHA-256, each clinic's profile and schema version). A clinic that fails is recorded as
 * failed and the others go on.
 */
@Injectable()
export class BackupService {
  private readonly logger = new Logger(BackupService.name);
  constructor(
    private readonly config: AppConfig,
    private readonly secrets: SecretsService,
    private readonly clinics: ClinicRegistryService,
    private readonly servers: DatabaseServersService,
    private readonly tools: PgTools,
  ) {}

  /** The registry and every clinic with a database. */
  async backupAll(options: BackupOptions): Promise<BackupOutcome> {
    const routes = await this.clinics.routes(undefined, DUMPED_STATUSES);
    const clinics = (await Promise.all(routes.map((route) => this.clinics.findById(route.id)))).filter((c): c is ClinicEntity => c !== null);
    const folder = await this.newFolder(options.into, stamp());
    const registry = parsePgUrl(this.config.registryUrl);
    const servers = await Promise.all([...new Set(routes.map((r) => r.serverId))].map((id) => this.servers.credentials(id)));
    await this.checkTools([registry, ...servers.map((server) => targetOf(server, 'postgres'))]);
    const manifest = newManifest(path.basename(folder), 'backup', await this.tools.majorVersion('pg_dump'));
    await writeManifest(folder, manifest); // an interrupted run still says what it is

    const registryFacts = await writeSealedFile(this.secrets, path.join(folder, 'registry.dump.sealed'), REGISTRY_SUBJECT, (sink) => this.tools.dump(registry, sink));
    manifest.registry = { file: 'registry.dump.sealed', ...registryFacts };
    options.onStart?.(clinics.length);
    await mkdir(path.join(folder, 'clinics'), { mode: 0o700 });
    manifest.clinics = await mapWithConcurrency(clinics, options.concurrency, async (clinic) => {
      const entry = await this.dumpClinic(clinic, folder);
      options.onClinicDone?.(entry);
      return entry;
    });
    await writeManifest(folder, manifest);
    return { folder, manifest };
  }

  /**
   * The final export of one clinic before it is decommissioned: a folder of its own with the sealed dump and a
   * manifest, proven readable by pg_restore before anything is dropped.
   */
  async exportClinic(clinic: ClinicEntity): Promise<{ folder: string; sha256: string }> {
    const folder = await this.newFolder(path.join(this.config.backupDir, 'final-exports'), `${clinic.id}-${stamp()}`);
    const server = await this.servers.credentials(clinic.databaseServerId);
    await this.checkTools([targetOf(server, 'postgres')]);
    const manifest = newManifest(path.basename(folder), 'final-export', await this.tools.majorVersion('pg_dump'));
    await mkdir(path.join(folder, 'clinics'), { mode: 0o700 });
    const entry = await this.dumpClinic(clinic, folder);
    manifest.clinics = [entry];
    await writeManifest(folder, manifest);
    if (entry.result !== 'ok' || !entry.dump) {
      throw backupError(BackupErrorCode.ToolFailed, `The final export of clinic ${clinic.id} failed: ${entry.error ?? 'unknown error'}`);
    }
    await this.verify(path.join(folder, entry.dump.file));
    return { folder, sha256: entry.dump.sha256 };
  }

  /**
   * Proves a sealed dump can be brought back: it decrypts (so it is whole and unaltered) and pg_restore reads
   * its table of contents. Returns how many tables it holds data for.
   */
  async verify(file: string): Promise<number> {
    return withPlainScratch(async (scratch) => {
      const plain = path.join(scratch, 'dump');
      await openSealedFile(this.secrets, file, plain);
      const tables = (await this.tools.list(plain)).split('\n').filter((line) => / TABLE DATA /.test(line)).length;
      if (tables === 0) throw backupError(BackupErrorCode.FileCorrupt, `${file} holds no table data`);
      return tables;
    });
  }

  private async dumpClinic(clinic: ClinicEntity, folder: string): Promise<ManifestClinic> {
    const entry: ManifestClinic = {
      id: clinic.id,
      clinic_status: clinic.status,
      database_name: clinic.databaseName,
      schema_version: clinic.schemaVersion,
      profile: profileRecord(clinic),
      result: 'ok',
    };
    const file = path.join('clinics', `${clinic.id}.dump.sealed`);
    try {
      const server = await this.servers.credentials(clinic.databaseServerId);
      const facts = await writeSealedFile(this.secrets, path.join(folder, file), clinicSubject(clinic.id), (sink) => this.tools.dump(targetOf(server, clinic.databaseName), sink));
      entry.dump = { file, ...facts };
    } catch (error) {
      this.logger.error({ clinicId: clinic.id, error: safeErrorForLog(error) }, 'Clinic dump failed');
      entry.result = 'failed';
      entry.error = error instanceof Error ? error.message : String(error);
    }
    return entry;
  }

  /** pg_dump must be at least as new as every server it dumps. */
  private async checkTools(targets: PgTarget[]): Promise<void> {
    const majors = await Promise.all(
      targets.map((t) => withAdminClient({ id: '', name: '', host: t.host, port: t.port, adminUser: t.user, adminPassword: t.password }, t.database, serverMajor)),
    );
    await this.tools.checkCompatible(Math.max(...majors));
  }

  private async newFolder(parent: string | undefined, name: string): Promise<string> {
    const folder = path.resolve(parent ?? this.config.backupDir, name);
    await mkdir(path.dirname(folder), { recursive: true, mode: 0o700 });
    await mkdir(folder, { mode: 0o700 }); // never reuses a folder: refuses if it exists
    return folder;
  }
}

/** What a sealed dump holds, bound into its authenticated header. */
export const REGISTRY_SUBJECT = 'registry';
export function clinicSubject(clinicId: string): string {
  return `clinic:${clinicId}`;
}

async function serverMajor(client: { query: (sql: string) => Promise<{ rows: Array<{ server_version_num: string }> }> }): Promise<number> {
  const { rows } = await client.query('SHOW server_version_num');
  return Math.floor(Number(rows[0]?.server_version_num ?? '0') / 10000);
}
