import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, countSealedValues, parsePgUrl, rotateSealedValues, SealedColumns, SealedRotationResult, SecretsService, SqlQuery } from '@sophie/common';
import { AuditService, ClinicRegistryService, ClinicStatus, DatabaseServerCredentials, DatabaseServersService, withAdvisoryLock } from '@sophie/registry';
import type { AuditActor } from '../clinic-audit';
import { mapWithConcurrency } from '../migrations/map-with-concurrency';
import { withAdminClient } from '../provisioning/server-admin';

/** The sealed columns of the registry and of every clinic database, as their domains declare them. */
export interface SealedColumnSets {
  readonly registry: readonly SealedColumns[];
  readonly clinic: readonly SealedColumns[];
}

export interface SealedWalkOptions {
  readonly columns: SealedColumnSets;
  /** Clinic databases worked on at once. */
  readonly concurrency: number;
  /** How many databases (the registry and each clinic's) the walk covers. */
  onStart?: (total: number) => void;
  onDatabaseDone?: (done: { failed: boolean }) => void;
}

/** One database of the walk: the registry (clinicId null) or a clinic's. */
export interface SealedDatabase {
  readonly clinicId: string | null;
  readonly databaseName: string;
}

export interface KeyRotationReport extends SealedDatabase, SealedRotationResult {
  /** Why the database could not be worked on (never a secret). */
  error?: string;
  durationMs: number;
}

export interface KeyUsageReport extends SealedDatabase {
  /** Values per key id (NOT_SEALED for values that are not sealed values). */
  counts: Map<string, number>;
  error?: string;
}

export type KeyRotationOutcome = { readonly acquired: false } | { readonly acquired: true; readonly reports: KeyRotationReport[] };

/** Clinics whose databases hold data in use (as for migrations). */
const WALKED_STATUSES = [ClinicStatus.Active, ClinicStatus.Suspended];

interface Target extends SealedDatabase {
  /** Runs `work` with a query function on this database. */
  open<T>(work: (query: SqlQuery) => Promise<T>): Promise<T>;
}

/**
 * Re-encrypts every sealed value under the current SECRETS_KEY, and counts values per key. The registry through its
 * own connection; each clinic database as its server's admin role (as migrations do): that reaches a clinic even
 * when the registry's copy of its role password is what cannot be read, and takes nothing from the API's pools.
 * Safe beside a serving API, which reads both keys meanwhile: every write is a compare-and-swap.
 */
@Injectable()
export class SecretRotationService {
  constructor(
    private readonly config: AppConfig,
    private readonly secrets: SecretsService,
    private readonly clinics: ClinicRegistryService,
    private readonly servers: DatabaseServersService,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly registry: DataSource,
  ) {}

  /** One run at a time across processes: `acquired: false` when another holds the lock (nothing done). */
  async rotateAll(options: SealedWalkOptions & { actor: AuditActor }): Promise<KeyRotationOutcome> {
    const outcome = await withAdvisoryLock(this.registry, `sophie:${this.config.dbPrefix}:keys-rotate`, () => this.rotate(options), { wait: false });
    return outcome.acquired ? { acquired: true, reports: outcome.result } : { acquired: false };
  }

  async usage(options: SealedWalkOptions): Promise<KeyUsageReport[]> {
    return this.walk<KeyUsageReport>(options, async (target, columns) => {
      try {
        return { ...this.described(target), counts: await target.open((query) => countSealedValues(query, columns)) };
      } catch (error) {
        return { ...this.described(target), counts: new Map<string, number>(), error: (error as Error).message };
      }
    }, (report) => report.error !== undefined);
  }

  private rotate(options: SealedWalkOptions & { actor: AuditActor }): Promise<KeyRotationReport[]> {
    return this.walk<KeyRotationReport>(options, async (target, columns) => {
      const started = Date.now();
      try {
        const result = await target.open((query) => rotateSealedValues(query, this.secrets, columns));
        if (result.reencrypted > 0) {
          await this.audit.record({
            action: 'secrets.rotated',
            clinicId: target.clinicId,
            targetType: 'secrets_key',
            targetId: this.secrets.currentId,
            actorUserId: options.actor.userId,
            actorRole: options.actor.role,
            ip: options.actor.ip,
            requestId: options.actor.requestId,
          });
        }
        return { ...this.described(target), ...result, durationMs: Date.now() - started };
      } catch (error) {
        const none = { reencrypted: 0, alreadyCurrent: 0, changedMeanwhile: 0, refused: [] };
        return { ...this.described(target), ...none, error: (error as Error).message, durationMs: Date.now() - started };
      }
    }, (report) => report.error !== undefined);
  }

  /** The registry first, then the clinic databases `concurrency` at a time; `work` must not throw. */
  private async walk<R>(options: SealedWalkOptions, work: (target: Target, columns: readonly SealedColumns[]) => Promise<R>, failed: (report: R) => boolean): Promise<R[]> {
    const targets = await this.targets();
    options.onStart?.(targets.length + 1);
    const done = (report: R): R => {
      options.onDatabaseDone?.({ failed: failed(report) });
      return report;
    };
    const registryTarget: Target = {
      clinicId: null,
      databaseName: parsePgUrl(this.config.registryUrl).database,
      open: (work) => work((sql, params) => this.registry.query(sql, params)),
    };
    const first = done(await work(registryTarget, options.columns.registry));
    const rest = await mapWithConcurrency(targets, options.concurrency, async (target) => done(await work(target, options.columns.clinic)));
    return [first, ...rest];
  }

  private async targets(): Promise<Target[]> {
    const routes = await this.clinics.routes(undefined, WALKED_STATUSES);
    const credentials = new Map<string, Promise<DatabaseServerCredentials>>();
    const serverOf = (id: string): Promise<DatabaseServerCredentials> => {
      let found = credentials.get(id);
      if (!found) {
        found = this.servers.credentials(id);
        // Read once per server; a failure is reported by each clinic of that server.
        found.catch(() => undefined);
        credentials.set(id, found);
      }
      return found;
    };
    return routes.map((route) => ({
      clinicId: route.id,
      databaseName: route.databaseName,
      open: async (work) => withAdminClient(await serverOf(route.serverId), route.databaseName, (client) => work(async (sql, params) => (await client.query(sql, params)).rows as Array<Record<string, unknown>>)),
    }));
  }

  private described(target: Target): SealedDatabase {
    return { clinicId: target.clinicId, databaseName: target.databaseName };
  }
}
