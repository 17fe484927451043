import { DynamicModule, Module } from '@nestjs/common';
import { ClinicMigrationsService } from './migrations/clinic-migrations.service';
import { CLINIC_ENTITIES, ClinicEntityList, TenantPoolCache } from './pools/tenant-pool-cache';
import { TenantConnectionProvider } from './pools/tenant-connection.provider';
import { TenantResolver } from './pools/tenant-resolver';
import { ClinicTemplateService } from './provisioning/clinic-template.service';
import { ProvisioningService } from './provisioning/provisioning.service';

const PROVIDERS = [TenantPoolCache, TenantResolver, TenantConnectionProvider, ClinicTemplateService, ProvisioningService, ClinicMigrationsService];

export interface TenancyModuleOptions {
  /** Every entity class that lives in a clinic database. */
  clinicEntities: ClinicEntityList;
}

/** A database per clinic: the pool cache, request routing, provisioning and clinic migrations. */
@Module({})
export class TenancyModule {
  static forRoot(options: TenancyModuleOptions): DynamicModule {
    return {
      module: TenancyModule,
      global: true,
      providers: [{ provide: CLINIC_ENTITIES, useValue: options.clinicEntities }, ...PROVIDERS],
      exports: PROVIDERS,
    };
  }
}
