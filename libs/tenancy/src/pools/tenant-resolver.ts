import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { ClinicRegistryService, ClinicRoute, ClinicStatus } from '@sophie/registry';
import { isUuid } from '../clinic-database-names';
import { TenancyErrorCode, tenancyError } from '../tenancy-error-code';
import { TenantPoolCache } from './tenant-pool-cache';

/** How long a clinic's registry facts are trusted before being read again: other instances see a change within it. */
export const ROUTE_TTL_MS = 5_000;

/**
 * Finds a clinic's database through the registry. Only clinics that exist are remembered (briefly),
 * so a URL with a random id leaves nothing behind.
 */
@Injectable()
export class TenantResolver {
  private readonly routes = new LRUCache<string, ClinicRoute>({ max: 20_000, ttl: ROUTE_TTL_MS });

  constructor(
    private readonly registry: ClinicRegistryService,
    private readonly pools: TenantPoolCache,
  ) {}

  /** The route of a clinic that may be served now; 404 unknown, 403 suspended, 410 decommissioned, 503 not ready. */
  async resolve(clinicId: string): Promise<ClinicRoute> {
    if (!isUuid(clinicId)) throw tenancyError(TenancyErrorCode.ClinicNotFound, 'No such clinic');
    let route = this.routes.get(clinicId);
    if (!route) {
      const found = await this.registry.findRoute(clinicId);
      if (!found) throw tenancyError(TenancyErrorCode.ClinicNotFound, 'No such clinic');
      route = found;
      this.routes.set(clinicId, route);
    }
    switch (route.status) {
      case ClinicStatus.Active:
        return route;
      case ClinicStatus.Suspended:
        throw tenancyError(TenancyErrorCode.ClinicSuspended, 'This clinic is suspended');
      case ClinicStatus.Decommissioning:
      case ClinicStatus.Decommissioned:
        throw tenancyError(TenancyErrorCode.ClinicDecommissioned, 'This clinic has been decommissioned');
      case ClinicStatus.Provisioning:
        throw tenancyError(TenancyErrorCode.ClinicNotReady, 'This clinic is still being provisioned');
      default:
        throw tenancyError(TenancyErrorCode.ClinicNotFound, 'No such clinic');
    }
  }

  /** How many clinic routes are remembered now (only clinics that exist are ever remembered). */
  cachedRoutes(): number {
    return this.routes.size;
  }

  /** Forgets a clinic's cached registry facts (its profile changed, e.g. its time zone); its pool stays open. */
  forgetRoute(clinicId: string): void {
    this.routes.delete(clinicId);
  }

  /** Forgets what is known of a clinic (status or credentials changed) and closes its pool. */
  invalidate(clinicId: string): void {
    this.routes.delete(clinicId);
    this.pools.invalidate(clinicId);
  }
}
