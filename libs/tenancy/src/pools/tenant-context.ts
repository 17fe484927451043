import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { EntityManager } from 'typeorm';
import type { TenantLease } from './tenant-pool-cache';

/** What one unit of work (an HTTP request, a queue job) knows about its clinic. */
export interface TenantScope {
  /** Set for work outside HTTP; for requests the clinic is the `:clinicId` path parameter. */
  readonly clinicId?: string;
  readonly request?: Request;
  /** The clinic DataSource lease, taken on first use and released when the work ends. */
  lease?: Promise<TenantLease>;
  /** Set inside `TenantConnectionProvider.transaction`: repositories then work in that transaction. */
  readonly manager?: EntityManager;
  /** Inside a transaction: work to run once the outermost transaction has committed (dropped if it rolls back). */
  readonly afterCommit?: AfterCommitHook[];
}

/** Work that must only happen once the data it is about is committed (queueing a job that will read it, say). */
export type AfterCommitHook = () => Promise<void>;

/**
 * The clinic of the work in progress, carried by async context (AsyncLocalStorage) rather than by
 * Nest's request-scoped injection: every request gets its own scope, while the services that use
 * it stay singletons (the benchmark in BENCHMARKS.md chose this; see docs/ARCHITECTURE.md).
 */
@Injectable()
export class TenantContext {
  private readonly storage = new AsyncLocalStorage<TenantScope>();

  /** Express middleware: the rest of the request runs inside its own scope. */
  readonly middleware = (request: Request, _response: Response, next: NextFunction): void => {
    this.storage.run({ request }, next);
  };

  /** Runs `work` for one clinic outside HTTP (queues, CLI); its lease is released when `work` ends. */
  async runForClinic<T>(clinicId: string, work: () => Promise<T>): Promise<T> {
    const scope: TenantScope = { clinicId };
    try {
      return await this.storage.run(scope, work);
    } finally {
      if (scope.lease) (await scope.lease.catch(() => undefined))?.release();
    }
  }

  /**
   * Runs `work` in a child of the current scope whose repositories use `manager` (a transaction); hooks it
   * registers with `TenantConnectionProvider.afterCommit` go to `afterCommit`.
   */
  withManager<T>(manager: EntityManager, work: () => Promise<T>, afterCommit: AfterCommitHook[] = []): Promise<T> {
    return this.storage.run({ ...this.current(), manager, afterCommit }, work);
  }

  /**
   * The clinic of the work in progress for its log lines (registered with `registerLogContext` by
   * TenancyModule): a job's clinic, or the `:clinicId` of the request once routed; nothing outside a scope.
   */
  logContext(): { clinicId?: string } | undefined {
    const scope = this.storage.getStore();
    if (!scope) return undefined;
    const clinicId = scope.clinicId ?? (scope.request?.params as Record<string, unknown> | undefined)?.clinicId;
    return typeof clinicId === 'string' ? { clinicId: clinicId.slice(0, 64) } : undefined;
  }

  /** The scope of the work in progress. */
  current(): TenantScope {
    const scope = this.storage.getStore();
    if (!scope) throw new Error('No tenant scope: use TenantConnectionProvider inside a request or TenantContext.runForClinic');
    return scope;
  }
}
