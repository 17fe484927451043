import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RequestActor } from '@sophie/auth';
import { BackupService } from '@sophie/backup';
import { AppConfig, safeErrorForLog } from '@sophie/common';
import { AuditService, ClinicEntity, ClinicRegistryService, ClinicStatus, DatabaseServersService, UsersService, WhatsAppNumbersService, withAdvisoryLock, clinicLifecycleLock } from '@sophie/registry';
import { ServerAdmin, TenantResolver } from '@sophie/tenancy';
import { ClinicsErrorCode, clinicsError } from './clinics-error-code';

/**
 * A clinic's life after provisioning: suspend (refused everywhere, data kept), reactivate, and decommission
 * (a verified final export, then its database and role dropped, its users disabled, its WhatsApp number
 * freed, and a tombstone left in the registry). Every step is audited, by id only.
 */
@Injectable()
export class ClinicLifecycleService {
  private readonly logger = new Logger(ClinicLifecycleService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly clinics: ClinicRegistryService,
    private readonly servers: DatabaseServersService,
    private readonly users: UsersService,
    private readonly numbers: WhatsAppNumbersService,
    private readonly backups: BackupService,
    private readonly resolver: TenantResolver,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly registry: DataSource,
  ) {}

  /** Suspends (active false) or reactivates (true) a clinic; nothing happens when it already is so. */
  async setActive(id: string, active: boolean, actor: RequestActor): Promise<ClinicEntity> {
    const clinic = await this.get(id);
    if (clinic.isActive === active) return clinic;
    const from = active ? ClinicStatus.Suspended : ClinicStatus.Active;
    if (!(await this.clinics.transition(id, from, active ? ClinicStatus.Active : ClinicStatus.Suspended))) {
      throw clinicsError(ClinicsErrorCode.InvalidTransition, `A ${clinic.status} clinic cannot be ${active ? 'reactivated' : 'suspended'}`);
    }
    // Routing facts changed: forgotten here at once, by other instances within the resolver's few seconds.
    this.resolver.invalidate(id);
    await this.record(active ? 'clinic.reactivated' : 'clinic.suspended', id, actor);
    return this.get(id);
  }

  /**
   * Decommissions a suspended clinic whose name was typed again as confirmation. A failure before the
   * database is dropped leaves it suspended, whole; a failure after leaves it `decommissioning`, and running
   * this again finishes the job.
   */
  async decommission(id: string, confirmName: string, actor: RequestActor): Promise<ClinicEntity> {
    const clinic = await this.get(id);
    if (confirmName !== clinic.name) throw clinicsError(ClinicsErrorCode.NotConfirmed, 'confirm_name must be the clinic\'s exact name');
    const locked = await withAdvisoryLock(this.registry, clinicLifecycleLock(this.config.dbPrefix, id), () => this.decommissionLocked(id, actor), { wait: false });
    if (!locked.acquired) throw clinicsError(ClinicsErrorCode.LifecycleBusy, 'This clinic is being restored or decommissioned right now');
    return locked.result;
  }

  private async decommissionLocked(id: string, actor: RequestActor): Promise<ClinicEntity> {
    // Read again under the lock: a restore or a move that ended a moment ago changed its database or server.
    const clinic = await this.get(id);
    if (clinic.status === ClinicStatus.Suspended) {
      if (!(await this.clinics.transition(id, ClinicStatus.Suspended, ClinicStatus.Decommissioning))) {
        throw clinicsError(ClinicsErrorCode.InvalidTransition, 'The clinic changed meanwhile; read it again');
      }
      this.resolver.invalidate(id);
      await this.record('clinic.decommission_started', id, actor);
    } else if (clinic.status !== ClinicStatus.Decommissioning) {
      throw clinicsError(ClinicsErrorCode.InvalidTransition, `A ${clinic.status} clinic cannot be decommissioned: suspend it first`);
    }
    const server = await this.servers.credentials(clinic.databaseServerId);
    const admin = new ServerAdmin(server);
    if (await admin.databaseExists(clinic.databaseName)) {
      try {
        const finalExport = await this.backups.exportClinic(clinic);
        await this.clinics.recordFinalExport(id, { path: finalExport.folder, sha256: finalExport.sha256 });
      } catch (error) {
        this.logger.error({ clinicId: id, error: safeErrorForLog(error) }, 'Final export failed; the clinic stays suspended, whole');
        await this.clinics.transition(id, ClinicStatus.Decommissioning, ClinicStatus.Suspended);
        await this.record('clinic.decommission_failed', id, actor);
        throw error;
      }
      await admin.dropDatabase(clinic.databaseName);
    } else if (!(await this.get(id)).finalExportPath) {
      throw clinicsError(ClinicsErrorCode.InvalidTransition, 'The clinic\'s database is gone and no final export was recorded: restore it from a backup first');
    }
    await admin.dropRole(clinic.databaseRole);
    await this.users.disableAllOfClinic(id);
    await this.numbers.release(id);
    await this.clinics.recordDecommissioned(id);
    await this.record('clinic.decommissioned', id, actor);
    return this.get(id);
  }

  private async get(id: string): Promise<ClinicEntity> {
    const clinic = await this.clinics.findById(id);
    if (!clinic) throw clinicsError(ClinicsErrorCode.ClinicNotFound, 'No such clinic');
    return clinic;
  }

  private record(action: string, clinicId: string, actor: RequestActor): Promise<void> {
    return this.audit.record({ action, clinicId, targetType: 'clinic', targetId: clinicId, actorUserId: actor.userId, actorRole: actor.role, ip: actor.ip, requestId: actor.requestId });
  }
}
