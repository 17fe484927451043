import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@sophie/common';
import { CLINIC_MIGRATIONS } from '@sophie/migrations';
import {
  ClinicRegistryService,
  ClinicRoute,
  ClinicStatus,
  DatabaseServerCredentials,
  DatabaseServersService,
  withAdvisoryLock,
} from '@sophie/registry';
import { ClinicTemplateService } from '../provisioning/clinic-template.service';
import { ServerAdmin } from '../provisioning/server-admin';
import { TenancyErrorCode, tenancyError } from '../tenancy-error-code';
import { CLINIC_MIGRATIONS_TABLE, MigrationClass, migrateClinicDatabase, pendingClinicMigrations } from './clinic-migrator';
import { mapWithConcurrency } from './map-with-concurrency';

export type ClinicMigrationStatus = 'migrated' | 'up-to-date' | 'failed';

export interface ClinicMigrationReport {
  clinicId: string;
  databaseName: string;
  status: ClinicMigrationStatus;
  applied: string[];
  version: string | null;
  error?: string;
  durationMs: number;
}

export interface MigrateAllOptions {
  clinicId?: string;
  concurrency: number;
  /** Defaults to the shipped clinic migrations (tests pass their own). */
  migrations?: MigrationClass[];
  onClinicDone?: (report: ClinicMigrationReport) => void;
  onStart?: (total: number) => void;
}

export interface ClinicPendingReport {
  clinicId: string;
  databaseName: string;
  pending: string[];
  error?: string;
}

/** Clinics whose databases are migrated: everything that has a database in use. */
const MIGRATED_STATUSES = [ClinicStatus.Active, ClinicStatus.Suspended];

/**
 * Migrates every clinic database (or one), a failing clinic never stopping the others, and records
 * each clinic's schema version in the registry. One run at a time across all processes.
 */
@Injectable()
export class ClinicMigrationsService {
  constructor(
    private readonly config: AppConfig,
    private readonly clinics: ClinicRegistryService,
    private readonly servers: DatabaseServersService,
    private readonly templates: ClinicTemplateService,
    @InjectDataSource() private readonly registry: DataSource,
  ) {}

  async migrateAll(options: MigrateAllOptions): Promise<ClinicMigrationReport[]> {
    const outcome = await withAdvisoryLock(this.registry, `sophie:${this.config.dbPrefix}:migrate-all`, () => this.run(options), { wait: false });
    if (!outcome.acquired) throw tenancyError(TenancyErrorCode.MigrationInProgress, 'Another migration run is in progress');
    return outcome.result;
  }

  async pending(clinicId?: string): Promise<ClinicPendingReport[]> {
    const routes = await this.targets(clinicId);
    const credentials = this.credentialsCache();
    return mapWithConcurrency(routes, this.config.migrateConcurrency, async (route) => {
      try {
        const pending = await pendingClinicMigrations(await credentials(route.serverId), route.databaseName);
        return { clinicId: route.id, databaseName: route.databaseName, pending };
      } catch (error) {
        return { clinicId: route.id, databaseName: route.databaseName, pending: [], error: (error as Error).message };
      }
    });
  }

  private async run(options: MigrateAllOptions): Promise<ClinicMigrationReport[]> {
    const routes = await this.targets(options.clinicId);
    options.onStart?.(routes.length);
    const credentials = this.credentialsCache();
    const migrations = options.migrations ?? CLINIC_MIGRATIONS;
    const reports = await mapWithConcurrency(routes, options.concurrency, async (route) => {
      const report = await this.migrateOne(route, await credentials(route.serverId), migrations);
      options.onClinicDone?.(report);
      return report;
    });
    if (!options.migrations) {
      const serverIds = [...new Set(routes.map((route) => route.serverId))];
      for (const id of serverIds) await this.templates.refresh(await credentials(id));
    }
    return reports;
  }

  private async migrateOne(route: ClinicRoute, server: DatabaseServerCredentials, migrations: MigrationClass[]): Promise<ClinicMigrationReport> {
    const started = Date.now();
    const base = { clinicId: route.id, databaseName: route.databaseName };
    try {
      const outcome = await migrateClinicDatabase(server, route.databaseName, migrations);
      if (outcome.applied.length > 0) {
        // Default privileges cover new tables; granting again also covers a changed admin role.
        await new ServerAdmin(server).grantClinicRole(route.databaseName, route.databaseRole, CLINIC_MIGRATIONS_TABLE);
      } else {
        // Clinics made before the role carried its settings get them (grantClinicRole applies them too).
        await new ServerAdmin(server).applyClinicRoleSettings(route.databaseRole);
      }
      await this.clinics.recordSchemaVersion(route.id, outcome.version);
      return {
        ...base,
        status: outcome.applied.length > 0 ? 'migrated' : 'up-to-date',
        applied: outcome.applied,
        version: outcome.version,
        durationMs: Date.now() - started,
      };
    } catch (error) {
      return { ...base, status: 'failed', applied: [], version: null, error: (error as Error).message, durationMs: Date.now() - started };
    }
  }

  private async targets(clinicId?: string): Promise<ClinicRoute[]> {
    const routes = await this.clinics.routes(clinicId ? [clinicId] : undefined, MIGRATED_STATUSES);
    if (clinicId && routes.length === 0) throw tenancyError(TenancyErrorCode.ClinicNotFound, 'No such clinic with a database');
    return routes;
  }

  private credentialsCache(): (serverId: string) => Promise<DatabaseServerCredentials> {
    const cache = new Map<string, Promise<DatabaseServerCredentials>>();
    return (serverId) => {
      let found = cache.get(serverId);
      if (!found) {
        found = this.servers.credentials(serverId);
        cache.set(serverId, found);
      }
      return found;
    };
  }
}
