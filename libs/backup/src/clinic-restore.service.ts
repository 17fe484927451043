import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, safeErrorForLog, SecretsService } from '@sophie/common';
import { ClinicEntity, ClinicRegistryService, ClinicStatus, DatabaseServerCredentials, DatabaseServersService, withAdvisoryLock, clinicLifecycleLock } from '@sophie/registry';
import { CLINIC_MIGRATIONS_TABLE, clinicDatabaseGeneration, clinicDatabaseName, migrateClinicDatabase, ServerAdmin } from '@sophie/tenancy';
import { BackupErrorCode, backupError } from './backup-error-code';
import { dumpPath, ManifestClinic, readManifest } from './backup-manifest';
import { clinicSubject } from './backup.service';
import { PgTools, targetOf } from './pg-tools';
import { withPlainScratch } from './scratch';
import { openSealedFile, sha256Of } from './sealed-file';

export interface RestoreOptions {
  /** Restore over an active clinic, losing what it recorded since the backup. */
  force?: boolean;
}

export interface RestoreOutcome {
  clinicId: string;
  databaseName: string;
  status: ClinicStatus;
  /** Clinic migrations applied after the restore, when the backup was older than the code. */
  migrated: string[];
  /** True when the registry had lost the clinic and it was recorded again from the manifest. */
  recreated: boolean;
}

/** Holds the registry's clinic row as it was before the restore, with its sealed password. */
type Current = (ClinicEntity & { databasePasswordEncrypted: string | null }) | null;

/**
 * Brings one clinic back from a backup (or a final export): its dump goes into a new database of the clinic,
 * which is migrated to the current schema and granted to the clinic's role; then the registry switches to it
 * and the old database is dropped. Until the switch nothing the clinic serves changes, so a failure leaves
 * the clinic as it was.
 */
@Injectable()
export class ClinicRestoreService {
  private readonly logger = new Logger(ClinicRestoreService.name);
  constructor(
    private readonly config: AppConfig,
    private readonly secrets: SecretsService,
    private readonly clinics: ClinicRegistryService,
    private readonly servers: DatabaseServersService,
    @InjectDataSource() private readonly registry: DataSource,
    private readonly tools: PgTools,
  ) {}

  async restore(folder: string, clinicId: string, options: RestoreOptions = {}): Promise<RestoreOutcome> {
    const manifest = await readManifest(folder);
    const entry = manifest.clinics.find((c) => c.id === clinicId);
    if (!entry?.dump || entry.result !== 'ok') throw backupError(BackupErrorCode.ClinicNotInBackup, `Clinic ${clinicId} has no usable dump in ${folder}`);
    const file = dumpPath(folder, entry.dump);
    if ((await sha256Of(file).catch(() => null)) !== entry.dump.sha256) {
      throw backupError(BackupErrorCode.FileCorrupt, `${file} is missing or does not match its SHA-256 in the manifest`);
    }
    const locked = await withAdvisoryLock(this.registry, clinicLifecycleLock(this.config.dbPrefix, clinicId), () => this.restoreLocked(file, entry, options), { wait: false });
    if (!locked.acquired) throw backupError(BackupErrorCode.ClinicBusy, `Clinic ${clinicId} is being restored or decommissioned by another run`);
    return locked.result;
  }

  private async restoreLocked(file: string, entry: ManifestClinic, options: RestoreOptions): Promise<RestoreOutcome> {
    const current = await this.current(entry.id);
    if (current?.status === ClinicStatus.Active && !options.force) {
      throw backupError(BackupErrorCode.ClinicActive, `Clinic ${entry.id} is active: suspend it first, or pass --force to replace what it recorded since the backup`);
    }
    if (current && (current.status === ClinicStatus.Provisioning || current.status === ClinicStatus.Decommissioning)) {
      throw backupError(BackupErrorCode.ClinicBusy, `Clinic ${entry.id} is ${current.status}; try again when that is over`);
    }
    const serverId = current?.databaseServerId ?? (await this.servers.pickForNewClinic())?.id;
    if (!serverId) throw backupError(BackupErrorCode.ClinicBusy, 'No database server accepts clinics');
    const server = await this.servers.credentials(serverId);
    const admin = new ServerAdmin(server);
    const name = clinicDatabaseGeneration(this.config.dbPrefix, entry.id, randomBytes(4).readUInt32BE(0).toString(36).slice(0, 6));
    // Never a role named by the manifest (which is not authenticated): the clinic's own, by its id.
    const role = current?.databaseRole ?? clinicDatabaseName(this.config.dbPrefix, entry.id);
    const keepsRole = current?.databasePasswordEncrypted != null && (await admin.roleExists(role));
    const password = keepsRole ? null : randomBytes(24).toString('base64url');

    let migrated: string[];
    try {
      if (password !== null) {
        if (await admin.roleExists(role)) await admin.setPassword(role, password);
        else await admin.createRole(role, password);
      }
      await admin.createDatabase(name);
      await this.load(server, name, file, entry.id);
      const outcome = await migrateClinicDatabase(server, name);
      migrated = outcome.applied;
      await admin.grantClinicRole(name, role, CLINIC_MIGRATIONS_TABLE);
      await this.switchRegistry(entry, current, { serverId, name, role, password, version: outcome.version });
    } catch (error) {
      this.logger.error({ clinicId: entry.id, error: safeErrorForLog(error) }, 'Restore failed; the clinic is left as it was');
      await admin.dropDatabase(name).catch(() => undefined);
      throw error;
    }
    if (current && current.databaseName !== name && current.status !== ClinicStatus.Decommissioned) {
      // The registry points at the restored database; the old one goes (its sessions are ended).
      await admin.dropDatabase(current.databaseName).catch((error: unknown) => this.logger.warn({ clinicId: entry.id, error: safeErrorForLog(error) }, 'The replaced database could not be dropped'));
    }
    const status = current?.status === ClinicStatus.Active ? ClinicStatus.Active : ClinicStatus.Suspended;
    return { clinicId: entry.id, databaseName: name, status, migrated, recreated: current === null };
  }

  /** Decrypts the dump beside nothing else (a private temporary folder) and restores it. */
  private async load(server: DatabaseServerCredentials, database: string, file: string, clinicId: string): Promise<void> {
    await withPlainScratch(async (scratch) => {
      const plain = path.join(scratch, 'clinic.dump');
      await openSealedFile(this.secrets, file, plain, clinicSubject(clinicId));
      await this.tools.restore(targetOf(server, database), plain);
    });
  }

  private async switchRegistry(
    entry: ManifestClinic,
    current: Current,
    target: { serverId: string; name: string; role: string; password: string | null; version: string | null },
  ): Promise<void> {
    const sealed = target.password === null ? (current?.databasePasswordEncrypted ?? null) : this.secrets.encrypt(target.password);
    const fields = {
      databaseServerId: target.serverId,
      databaseName: target.name,
      databaseRole: target.role,
      databasePasswordEncrypted: sealed,
      schemaVersion: target.version,
      status: current?.status === ClinicStatus.Active ? ClinicStatus.Active : ClinicStatus.Suspended,
    };
    if (current) {
      await this.clinics.switchDatabase(entry.id, fields);
      return;
    }
    const p = entry.profile;
    await this.clinics.insertRestored({
      id: entry.id,
      createdAt: new Date(p.created_at),
      name: p.name,
      timezone: p.timezone,
      defaultLanguage: p.default_language,
      phone: p.phone,
      address: p.address,
      email: p.email,
      website: p.website,
      openingHours: p.opening_hours,
      emergencyMessage: p.emergency_message,
      onboardingFormUrl: p.onboarding_form_url,
      ...fields,
    });
  }

  private async current(id: string): Promise<Current> {
    const clinic = await this.clinics.findById(id);
    if (!clinic) return null;
    const [route] = await this.clinics.routes([id]);
    return { ...clinic, databasePasswordEncrypted: route?.databasePasswordEncrypted ?? null };
  }
}
