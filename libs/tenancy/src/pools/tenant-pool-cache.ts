import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DataSource, EntitySchema } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { AppConfig, safeErrorForLog, SecretsService, TenantPoolSettings } from '@sophie/common';
import type { ClinicRoute } from '@sophie/registry';
import { TenancyErrorCode, tenancyError } from '../tenancy-error-code';
import { CLINIC_STATEMENT_TIMEOUT_MS } from './clinic-session-settings';

/** The entity classes of a clinic database, given by the application (each domain brings its own). */
export const CLINIC_ENTITIES = Symbol('CLINIC_ENTITIES');
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes.
export type ClinicEntityList = Array<Function | EntitySchema>;

/** A clinic DataSource handed out for one unit of work; release it when done. */
export interface TenantLease {
  readonly dataSource: DataSource;
  release(): void;
}

export interface TenantPoolStats {
  livePools: number;
  maxPools: number;
  leases: number;
  /** Pools opened since start (one per clinic per cold start). */
  opens: number;
  /** Connections currently open across all clinic pools. */
  connections: number;
  /** Requests waiting for room in the connection budget. */
  waiting: number;
}

interface PoolEntry {
  readonly clinicId: string;
  /** Where the pool connects; a route that differs (a restore, a move, new credentials) needs a new pool. */
  readonly target: string;
  readonly opening: Promise<DataSource>;
  dataSource?: DataSource;
  leases: number;
  lastUsed: number;
  /** Taken out of the cache; closed as soon as its last lease is released. */
  retired: boolean;
}

function targetOf(route: ClinicRoute): string {
  return [route.host, route.port, route.poolerHost, route.poolerPort, route.databaseName, route.databaseRole, route.databasePasswordEncrypted].join('\u0000');
}

function poolOf(dataSource: DataSource): { totalCount: number } | undefined {
  return (dataSource.driver as PostgresDriver).master as { totalCount: number } | undefined;
}

/**
 * The process-wide cache of clinic connection pools.
 * - One initialisation per clinic, however many requests arrive at once (the promise is cached).
 * - At most `maxConnections / poolSize` pools hold connections at any moment: live ones, retired ones still
 *   serving their last requests, and evicted ones still closing all count. When full, the least recently used
 *   idle pool is closed and the request waits (bounded) until a close has finished, so the connection budget is
 *   never exceeded, not even for the milliseconds of a pool swap.
 * - Pools unused for `idleMs` are closed. A pool that failed to open is forgotten at once.
 */
@Injectable()
export class TenantPoolCache implements OnModuleDestroy {
  private readonly logger = new Logger(TenantPoolCache.name);
  private readonly settings: TenantPoolSettings;
  private readonly entries = new Map<string, PoolEntry>();
  private readonly waiters = new Set<() => void>();
  private readonly closing = new Set<Promise<void>>();
  /** Retired pools whose requests have not all finished (they still hold connections). */
  private readonly draining = new Set<PoolEntry>();
  private readonly sweeper: NodeJS.Timeout;
  private opens = 0;
  readonly maxPools: number;

  constructor(
    config: AppConfig,
    private readonly secrets: SecretsService,
    @Inject(CLINIC_ENTITIES) private readonly entities: ClinicEntityList,
  ) {
    this.settings = config.tenantPools;
    this.maxPools = Math.max(1, Math.floor(this.settings.maxConnections / this.settings.poolSize));
    this.sweeper = setInterval(() => this.sweepIdle(), Math.min(this.settings.idleMs / 2, 30_000));
    this.sweeper.unref();
  }

  /** A lease on the clinic's DataSource, opening its pool on first use. */
  async acquire(route: ClinicRoute): Promise<TenantLease> {
    const deadline = Date.now() + this.settings.acquireTimeoutMs;
    for (;;) {
      let entry = this.entries.get(route.id);
      if (entry && entry.target !== targetOf(route)) {
        // The registry points the clinic elsewhere now: this pool finishes its requests and closes.
        this.invalidate(route.id);
        entry = undefined;
      }
      if (!entry) {
        if (this.occupied() >= this.maxPools) {
          // Closing an idle pool frees room only once its connections are gone: wait for that, or for an idle pool.
          this.evictLeastRecentlyUsed();
          await this.waitForRoom(deadline);
          continue;
        }
        entry = this.open(route);
      }
      entry.leases += 1;
      entry.lastUsed = Date.now();
      try {
        const dataSource = await entry.opening;
        return this.lease(entry, dataSource);
      } catch (error) {
        this.releaseEntry(entry);
        this.logger.warn({ clinicId: route.id, code: (error as { code?: string }).code }, 'Clinic database unavailable');
        throw tenancyError(TenancyErrorCode.ClinicUnavailable, 'The clinic database is unavailable; try again shortly');
      }
    }
  }

  /** Runs `work` with the clinic's DataSource outside an HTTP request (queues, CLI). */
  async withClinic<T>(route: ClinicRoute, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
    const lease = await this.acquire(route);
    try {
      return await work(lease.dataSource);
    } finally {
      lease.release();
    }
  }

  /** Forgets a clinic's pool (suspension, new credentials): closed once its requests finish. */
  invalidate(clinicId: string): void {
    const entry = this.entries.get(clinicId);
    if (!entry) return;
    this.entries.delete(clinicId);
    entry.retired = true;
    if (entry.leases === 0) this.close(entry);
    else this.draining.add(entry);
    this.notify();
  }

  stats(): TenantPoolStats {
    let leases = 0;
    let connections = 0;
    for (const entry of this.entries.values()) {
      leases += entry.leases;
      connections += entry.dataSource ? (poolOf(entry.dataSource)?.totalCount ?? 0) : 0;
    }
    return { livePools: this.entries.size, maxPools: this.maxPools, leases, opens: this.opens, connections, waiting: this.waiters.size };
  }

  /** Whether a clinic currently has a live pool (tests and metrics). */
  has(clinicId: string): boolean {
    return this.entries.has(clinicId);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweeper);
    for (const entry of [...this.entries.values()]) {
      this.entries.delete(entry.clinicId);
      this.close(entry);
    }
    await Promise.allSettled([...this.closing]);
  }

  private open(route: ClinicRoute): PoolEntry {
    const entry: PoolEntry = {
      clinicId: route.id,
      target: targetOf(route),
      opening: this.createDataSource(route),
      leases: 0,
      lastUsed: Date.now(),
      retired: false,
    };
    this.opens += 1;
    this.entries.set(route.id, entry);
    entry.opening.then(
      (dataSource) => {
        entry.dataSource = dataSource;
      },
      () => {
        if (this.entries.get(route.id) === entry) this.entries.delete(route.id);
        this.notify();
      },
    );
    return entry;
  }

  private async createDataSource(route: ClinicRoute): Promise<DataSource> {
    // Through the server's pooler when it has one (PgBouncer in transaction mode): then no startup parameter but
    // application_name, which PgBouncer refuses; the statement timeout comes from the clinic role's own settings.
    const pooler = route.poolerHost !== null && route.poolerPort !== null ? { host: route.poolerHost, port: route.poolerPort } : undefined;
    const dataSource = new DataSource({
      type: 'postgres',
      host: pooler?.host ?? route.host,
      port: pooler?.port ?? route.port,
      username: route.databaseRole,
      password: this.secrets.decrypt(route.databasePasswordEncrypted ?? ''),
      database: route.databaseName,
      entities: this.entities,
      installExtensions: false,
      synchronize: false,
      logging: false,
      applicationName: 'sophie-api',
      extra: {
        max: this.settings.poolSize,
        connectionTimeoutMillis: this.settings.connectTimeoutMs,
        idleTimeoutMillis: 30_000,
        ...(pooler ? {} : { statement_timeout: CLINIC_STATEMENT_TIMEOUT_MS }),
        query_timeout: 20_000,
        keepAlive: true,
      },
    });
    await dataSource.initialize();
    return dataSource;
  }

  private lease(entry: PoolEntry, dataSource: DataSource): TenantLease {
    let released = false;
    return {
      dataSource,
      release: () => {
        if (released) return;
        released = true;
        this.releaseEntry(entry);
      },
    };
  }

  private releaseEntry(entry: PoolEntry): void {
    entry.leases -= 1;
    entry.lastUsed = Date.now();
    if (entry.retired && entry.leases === 0 && this.draining.delete(entry)) this.close(entry);
    this.notify();
  }

  /** Pools that hold (or may hold) connections: live, retired but still serving, closing. */
  private occupied(): number {
    return this.entries.size + this.draining.size + this.closing.size;
  }

  private evictLeastRecentlyUsed(): boolean {
    let victim: PoolEntry | undefined;
    for (const entry of this.entries.values()) {
      if (entry.leases === 0 && entry.dataSource && (!victim || entry.lastUsed < victim.lastUsed)) victim = entry;
    }
    if (!victim) return false;
    this.entries.delete(victim.clinicId);
    this.close(victim);
    return true;
  }

  private sweepIdle(): void {
    const cutoff = Date.now() - this.settings.idleMs;
    for (const entry of [...this.entries.values()]) {
      if (entry.leases === 0 && entry.dataSource && entry.lastUsed < cutoff) {
        this.entries.delete(entry.clinicId);
        this.close(entry);
      }
    }
    if (this.occupied() < this.maxPools) this.notify();
  }

  private close(entry: PoolEntry): void {
    const closing = entry.opening
      .then((dataSource) => (dataSource.isInitialized ? dataSource.destroy() : undefined))
      .catch((error: unknown) => this.logger.warn({ error: safeErrorForLog(error), clinicId: entry.clinicId }, 'Closing a clinic pool failed'))
      .finally(() => {
        this.closing.delete(closing);
        this.notify();
      });
    this.closing.add(closing);
  }

  private waitForRoom(deadline: number): Promise<void> {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      return Promise.reject(tenancyError(TenancyErrorCode.PoolBudgetExhausted, 'Too many clinics are busy; try again shortly'));
    }
    return new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, remaining);
      this.waiters.add(wake);
    });
  }

  private notify(): void {
    for (const wake of [...this.waiters]) wake();
  }
}
