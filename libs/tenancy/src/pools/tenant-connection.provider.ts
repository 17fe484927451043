import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, safeErrorForLog } from '@sophie/common';
import { DataSource, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import { CLINIC_MIGRATIONS_TABLE } from '../migrations/clinic-migrator';
import { TenancyErrorCode, tenancyError } from '../tenancy-error-code';
import { AfterCommitHook, TenantContext, TenantScope } from './tenant-context';
import { TenantLease, TenantPoolCache } from './tenant-pool-cache';
import { TenantResolver } from './tenant-resolver';

/** How often a job put back because its clinic is read-only looks again (a lease is renewed, and may end early). */
const READ_ONLY_RECHECK_MS = 15_000;

/** Requests that only read: still served while a clinic is read-only. */
const READING_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What pg's Pool and PoolClient share: a query by config (named statements). */
interface PgQueryable {
  query<T>(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: T[] }>;
}

/**
 * The clinic database of the current request (its `:clinicId` path parameter) or of the current
 * `TenantContext.runForClinic` work. Scoped per request through async context: the first use in a
 * request resolves the clinic and takes a lease on its DataSource from the singleton
 * TenantPoolCache; the lease is released when the response closes. Guards have already checked
 * that the caller may reach this clinic.
 */
@Injectable()
export class TenantConnectionProvider {
  private readonly logger = new Logger(TenantConnectionProvider.name);

  constructor(
    private readonly context: TenantContext,
    private readonly resolver: TenantResolver,
    private readonly pools: TenantPoolCache,
    private readonly config: AppConfig,
  ) {}

  get clinicId(): string {
    return this.clinicIdOf(this.context.current());
  }

  async dataSource(): Promise<DataSource> {
    const scope = this.context.current();
    scope.lease ??= this.acquire(scope);
    return (await scope.lease).dataSource;
  }

  /** A repository of the clinic database; inside `transaction(...)`, bound to that transaction. */
  async getRepository<T extends ObjectLiteral>(entity: EntityTarget<T>): Promise<Repository<T>> {
    const manager = this.context.current().manager;
    if (manager) return manager.getRepository(entity);
    return (await this.dataSource()).getRepository(entity);
  }

  /**
   * Runs `work` in one transaction of the clinic database: every repository obtained inside it (by any service)
   * takes part. A nested call runs in a savepoint of the outer transaction: when it fails, only its own work is
   * rolled back and the outer transaction can go on (a lost booking race inside the assistant's transaction, say).
   */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    const scope = this.context.current();
    const hooks: AfterCommitHook[] = [];
    if (scope.manager) {
      const result = await scope.manager.transaction((manager) => this.context.withManager(manager, work, hooks));
      scope.afterCommit?.push(...hooks); // the savepoint held: its hooks wait for the outer commit
      return result;
    }
    const dataSource = await this.dataSource();
    const result = await dataSource.transaction((manager) => this.context.withManager(manager, work, hooks));
    await this.runHooks(hooks);
    return result;
  }

  /**
   * Runs `hook` once the current transaction commits (at once outside a transaction); never when it rolls back.
   * A failing hook is logged: the data is committed and the caller's answer stands.
   */
  async afterCommit(hook: AfterCommitHook): Promise<void> {
    const pending = this.context.current().afterCommit;
    if (pending) pending.push(hook);
    else await this.runHooks([hook]);
  }

  private async runHooks(hooks: readonly AfterCommitHook[]): Promise<void> {
    for (const hook of hooks) {
      try {
        await hook();
      } catch (error) {
        this.logger.error({ error: safeErrorForLog(error) }, 'after-commit work failed');
      }
    }
  }

  /**
   * Runs one hot, parameterised statement as a named prepared statement: PostgreSQL parses and plans it once per
   * connection. `name` must always mean the same `text`. Joins the current transaction, if any. With
   * DATABASE_PREPARED_STATEMENTS=false (PgBouncer before 1.21 in transaction mode) it goes unnamed.
   */
  async preparedQuery<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
    const config = this.config.preparedStatements ? { name, text, values } : { text, values };
    const manager = this.context.current().manager;
    const connection = (manager?.queryRunner?.connect ? await manager.queryRunner.connect() : undefined) as PgQueryable | undefined;
    if (connection) return (await connection.query<T>(config)).rows;
    const pool = (await this.dataSource()).driver as unknown as { master: PgQueryable };
    return (await pool.master.query<T>(config)).rows;
  }

  /** The clinic's IANA time zone (from the registry, cached briefly by the resolver). */
  async timeZone(): Promise<string> {
    return (await this.resolver.resolve(this.clinicId)).timezone;
  }

  /** The last clinic migration applied, read from the clinic database itself. */
  async schemaVersion(): Promise<string | null> {
    const dataSource = await this.dataSource();
    const rows = await dataSource.query<Array<{ name: string }>>(`SELECT name FROM ${CLINIC_MIGRATIONS_TABLE} ORDER BY timestamp DESC, id DESC LIMIT 1`);
    return rows[0]?.name ?? null;
  }

  private clinicIdOf(scope: TenantScope): string {
    const id = scope.clinicId ?? scope.request?.params?.clinicId;
    if (typeof id !== 'string') throw new Error('TenantConnectionProvider used outside a clinic route');
    return id;
  }

  private async acquire(scope: TenantScope): Promise<TenantLease> {
    const route = await this.resolver.resolve(this.clinicIdOf(scope));
    const readOnlyFor = route.readOnlyUntil ? new Date(route.readOnlyUntil).getTime() - Date.now() : 0;
    const method = scope.request?.method;
    if (readOnlyFor > 0 && !(method && READING_METHODS.has(method))) {
      // Its database is being copied to another server: a write now could be lost. Requests get 503 (Meta
      // re-delivers webhooks); work outside a request (queue jobs) waits without using up an attempt.
      const error = tenancyError(TenancyErrorCode.ClinicReadOnly, 'This clinic is read-only for a few moments while its data is moved; try again shortly');
      if (!scope.request) Object.assign(error, { notAnAttempt: true, retryAfterMs: Math.min(Math.max(readOnlyFor, 5_000), READ_ONLY_RECHECK_MS) });
      throw error;
    }
    const lease = await this.pools.acquire(route);
    const response = scope.request?.res;
    if (response) {
      if (response.closed || response.destroyed) lease.release();
      else response.once('close', () => lease.release());
    }
    return lease;
  }
}
