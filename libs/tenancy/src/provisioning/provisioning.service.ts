import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, safeErrorForLog, SecretsService } from '@sophie/common';
import {
  advisoryKey,
  ClinicEntity,
  ClinicProfileFields,
  ClinicRegistryService,
  ClinicStatus,
  DatabaseServerCredentials,
  DatabaseServersService,
} from '@sophie/registry';
import { clinicDatabaseName } from '../clinic-database-names';
import { CLINIC_MIGRATIONS_TABLE, latestMigrationName, migrateClinicDatabase } from '../migrations/clinic-migrator';
import { TenancyErrorCode, tenancyError } from '../tenancy-error-code';
import { ClinicTemplateService } from './clinic-template.service';
import { ServerAdmin } from './server-admin';

export interface ProvisioningOutcome {
  clinic: ClinicEntity;
  /** True when the database was copied from the template rather than migrated. */
  fromTemplate: boolean;
}

/**
 * Creates a clinic: its own role with a random password, its own database (copied from the
 * template when current, else created and migrated), the grants, and its registry record.
 * A failure part-way removes what was created; what cannot be removed stays recorded as `failed`.
 */
@Injectable()
export class ProvisioningService {
  private readonly logger = new Logger(ProvisioningService.name);

  constructor(
    private readonly config: AppConfig,
    private readonly secrets: SecretsService,
    private readonly clinics: ClinicRegistryService,
    private readonly servers: DatabaseServersService,
    private readonly templates: ClinicTemplateService,
    @InjectDataSource() private readonly registry: DataSource,
  ) {}

  async provision(profile: ClinicProfileFields): Promise<ProvisioningOutcome> {
    const id = randomUUID();
    const name = clinicDatabaseName(this.config.dbPrefix, id);
    const password = randomBytes(24).toString('base64url');
    // Picked and recorded in one transaction under a lock, so clinics provisioned at once never overfill a
    // server. All of it runs on the transaction's one connection: waiting for the lock never starves the pool.
    const server = await this.registry.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1::bigint)', [advisoryKey(`sophie:${this.config.dbPrefix}:placement`)]);
      const placement = await this.servers.pickForNewClinic(manager);
      if (!placement) {
        throw tenancyError(
          TenancyErrorCode.NoDatabaseServer,
          'No database server has room for a new clinic: every server is draining or full. Add a server or raise a capacity.',
        );
      }
      const credentials = await this.servers.credentials(placement.id, manager);
      // Recorded first, so nothing created below is ever unknown to the registry.
      await this.clinics.insertProvisioning(
        { id, ...profile, databaseServerId: placement.id, databaseName: name, databaseRole: name, databasePasswordEncrypted: this.secrets.encrypt(password) },
        manager,
      );
      return credentials;
    });
    try {
      const { fromTemplate, version } = await this.createDatabase(server, name, password);
      await this.clinics.recordSchemaVersion(id, version);
      await this.clinics.setStatus(id, ClinicStatus.Active);
      const clinic = await this.clinics.findById(id);
      if (!clinic) throw new Error('The clinic vanished during provisioning');
      this.logger.log({ clinicId: id, fromTemplate }, 'Clinic provisioned');
      return { clinic, fromTemplate };
    } catch (error) {
      this.logger.error({ error: safeErrorForLog(error), clinicId: id }, 'Clinic provisioning failed; rolling back');
      await this.rollBack(server, id, name);
      throw tenancyError(TenancyErrorCode.ProvisioningFailed, 'The clinic could not be provisioned; nothing was kept');
    }
  }

  private async createDatabase(
    server: DatabaseServerCredentials,
    name: string,
    password: string,
  ): Promise<{ fromTemplate: boolean; version: string | null }> {
    const admin = new ServerAdmin(server);
    await admin.createRole(name, password);
    const fromTemplate = await this.templates.copyIfCurrent(server, (template) => admin.createDatabase(name, template));
    let version = latestMigrationName();
    if (!fromTemplate) {
      await admin.createDatabase(name);
      version = (await migrateClinicDatabase(server, name)).version;
      this.templates.refreshInBackground(server);
    }
    await admin.grantClinicRole(name, name, CLINIC_MIGRATIONS_TABLE);
    return { fromTemplate, version };
  }

  private async rollBack(server: DatabaseServerCredentials, id: string, name: string): Promise<void> {
    const admin = new ServerAdmin(server);
    try {
      await admin.dropDatabase(name);
      await admin.dropRole(name);
      await this.clinics.remove(id);
    } catch (cleanup) {
      this.logger.error({ error: safeErrorForLog(cleanup), clinicId: id }, 'Rollback incomplete: the clinic stays recorded as failed');
      await this.clinics.setStatus(id, ClinicStatus.Failed).catch(() => undefined);
    }
  }
}
