import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, safeErrorForLog } from '@sophie/common';
import { DatabaseServerCredentials, withAdvisoryLock } from '@sophie/registry';
import { clinicTemplateName } from '../clinic-database-names';
import { CLINIC_MIGRATIONS_TABLE, latestMigrationName, migrateClinicDatabase } from '../migrations/clinic-migrator';
import { ServerAdmin } from './server-admin';

const SCHEMA_TAG = 'sophie-clinic-template schema=';

/**
 * A fully migrated clinic database on each server, tagged with its schema version (a database
 * comment, readable without connecting). Copying it is much faster than migrating a new database.
 */
@Injectable()
export class ClinicTemplateService implements OnModuleDestroy {
  private readonly logger = new Logger(ClinicTemplateService.name);
  private readonly refreshing = new Map<string, Promise<void>>();

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly registry: DataSource,
  ) {}

  get templateName(): string {
    return clinicTemplateName(this.config.dbPrefix);
  }

  private lockName(server: DatabaseServerCredentials): string {
    return `sophie:${this.config.dbPrefix}:template:${server.id}`;
  }

  /** True when the server's template holds every current clinic migration. */
  async isCurrent(server: DatabaseServerCredentials): Promise<boolean> {
    const comment = await new ServerAdmin(server).databaseComment(this.templateName);
    return comment === `${SCHEMA_TAG}${latestMigrationName() ?? ''}`;
  }

  /**
   * Runs `copy` while the template is current and cannot change under it (a shared lock), or
   * returns false when the template is missing or stale.
   */
  async copyIfCurrent(server: DatabaseServerCredentials, copy: (template: string) => Promise<void>): Promise<boolean> {
    const outcome = await withAdvisoryLock(
      this.registry,
      this.lockName(server),
      async () => {
        if (!(await this.isCurrent(server))) return false;
        await copy(this.templateName);
        return true;
      },
      { wait: true, shared: true },
    );
    return outcome.acquired && outcome.result;
  }

  /** Rebuilds the server's template from scratch at the current schema (exclusive lock; single flight per server). */
  refresh(server: DatabaseServerCredentials): Promise<void> {
    const running = this.refreshing.get(server.id);
    if (running) return running;
    const work = withAdvisoryLock(this.registry, this.lockName(server), () => this.rebuild(server))
      .then(() => undefined)
      .finally(() => this.refreshing.delete(server.id));
    this.refreshing.set(server.id, work);
    return work;
  }

  /** Starts a refresh without waiting for it; failures are logged, and provisioning falls back to migrating. */
  refreshInBackground(server: DatabaseServerCredentials): void {
    this.refresh(server).catch((error: unknown) => this.logger.warn({ error: safeErrorForLog(error), serverId: server.id }, 'Clinic template refresh failed'));
  }

  private async rebuild(server: DatabaseServerCredentials): Promise<void> {
    if (await this.isCurrent(server)) return;
    const admin = new ServerAdmin(server);
    const template = this.templateName;
    await admin.dropDatabase(template);
    await admin.createDatabase(template);
    const outcome = await migrateClinicDatabase(server, template);
    await admin.setDatabaseComment(template, `${SCHEMA_TAG}${outcome.version ?? ''}`);
    this.logger.log({ serverId: server.id, version: outcome.version, table: CLINIC_MIGRATIONS_TABLE }, 'Clinic template ready');
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([...this.refreshing.values()]);
  }
}
