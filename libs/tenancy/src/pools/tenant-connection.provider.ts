import { Injectable } from '@nestjs/common';
import { DataSource, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import { CLINIC_MIGRATIONS_TABLE } from '../migrations/clinic-migrator';
import { TenantContext, TenantScope } from './tenant-context';
import { TenantLease, TenantPoolCache } from './tenant-pool-cache';
import { TenantResolver } from './tenant-resolver';

/**
 * The clinic database of the current request (its `:clinicId` path parameter) or of the current
 * `TenantContext.runForClinic` work. Scoped per request through async context: the first use in a
 * request resolves the clinic and takes a lease on its DataSource from the singleton
 * TenantPoolCache; the lease is released when the response closes. Guards have already checked
 * that the caller may reach this clinic.
 */
@Injectable()
export class TenantConnectionProvider {
  constructor(
    private readonly context: TenantContext,
    private readonly resolver: TenantResolver,
    private readonly pools: TenantPoolCache,
  ) {}

  get clinicId(): string {
    return this.clinicIdOf(this.context.current());
  }

  async dataSource(): Promise<DataSource> {
    const scope = this.context.current();
    scope.lease ??= this.acquire(scope);
    return (await scope.lease).dataSource;
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

  private clinicIdOf(scope: TenantScope): string {
    const id = scope.clinicId ?? scope.request?.params?.clinicId;
    if (typeof id !== 'string') throw new Error('TenantConnectionProvider used outside a clinic route');
    return id;
  }

  private async acquire(scope: TenantScope): Promise<TenantLease> {
    const route = await this.resolver.resolve(this.clinicIdOf(scope));
    const lease = await this.pools.acquire(route);
    const response = scope.request?.res;
    if (response) {
      if (response.closed || response.destroyed) lease.release();
      else response.once('close', () => lease.release());
    }
    return lease;
  }
}
