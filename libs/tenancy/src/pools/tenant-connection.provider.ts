import { Inject, Injectable, Scope } from '@nestjs/common';
import { REQUEST } from '@nestjs/core';
import type { Request } from 'express';
import { DataSource, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import { CLINIC_MIGRATIONS_TABLE } from '../migrations/clinic-migrator';
import { TenantLease, TenantPoolCache } from './tenant-pool-cache';
import { TenantResolver } from './tenant-resolver';

/**
 * The clinic database of the current request (`:clinicId` in its path), request-scoped.
 * The clinic's pool comes from the singleton TenantPoolCache; the lease taken here is released
 * when the response closes. Guards have already checked that the caller may reach this clinic.
 */
@Injectable({ scope: Scope.REQUEST })
export class TenantConnectionProvider {
  private lease?: Promise<TenantLease>;

  constructor(
    @Inject(REQUEST) private readonly request: Request,
    private readonly resolver: TenantResolver,
    private readonly pools: TenantPoolCache,
  ) {}

  get clinicId(): string {
    const id = this.request.params?.clinicId;
    if (typeof id !== 'string') throw new Error('TenantConnectionProvider used on a route without :clinicId');
    return id;
  }

  async dataSource(): Promise<DataSource> {
    this.lease ??= this.acquire();
    return (await this.lease).dataSource;
  }

  async getRepository<T extends ObjectLiteral>(entity: EntityTarget<T>): Promise<Repository<T>> {
    return (await this.dataSource()).getRepository(entity);
  }

  /** The last clinic migration applied, read from the clinic database itself. */
  async schemaVersion(): Promise<string | null> {
    const dataSource = await this.dataSource();
    const rows = await dataSource.query<Array<{ name: string }>>(`SELECT name FROM ${CLINIC_MIGRATIONS_TABLE} ORDER BY timestamp DESC, id DESC LIMIT 1`);
    return rows[0]?.name ?? null;
  }

  private async acquire(): Promise<TenantLease> {
    const route = await this.resolver.resolve(this.clinicId);
    const lease = await this.pools.acquire(route);
    const response = this.request.res;
    if (!response || response.closed || response.destroyed) {
      // Nothing will tell us when this request ends: hand the pool back at once, the DataSource stays usable.
      lease.release();
    } else {
      response.once('close', () => lease.release());
    }
    return lease;
  }
}
