import { DynamicModule, MiddlewareConsumer, Module, NestModule, OnModuleDestroy, OnModuleInit, RequestMethod } from '@nestjs/common';
import { registerLogContext } from '@sophie/common';
import { ClinicAudit } from './clinic-audit';
import { ClinicMigrationsService } from './migrations/clinic-migrations.service';
import { CLINIC_ENTITIES, ClinicEntityList, TenantPoolCache } from './pools/tenant-pool-cache';
import { TenantConnectionProvider } from './pools/tenant-connection.provider';
import { TenantContext } from './pools/tenant-context';
import { TenantResolver } from './pools/tenant-resolver';
import { ClinicTemplateService } from './provisioning/clinic-template.service';
import { ProvisioningService } from './provisioning/provisioning.service';
import { SecretRotationService } from './secrets/secret-rotation.service';

const PROVIDERS = [TenantContext, TenantPoolCache, TenantResolver, TenantConnectionProvider, ClinicTemplateService, ProvisioningService, ClinicMigrationsService, ClinicAudit, SecretRotationService];

export interface TenancyModuleOptions {
  /** Every entity class that lives in a clinic database. */
  clinicEntities: ClinicEntityList;
}

/** A database per clinic: the pool cache, request routing, provisioning and clinic migrations. */
@Module({})
export class TenancyModule implements NestModule, OnModuleInit, OnModuleDestroy {
  private unregisterLogContext: (() => void) | undefined;

  constructor(private readonly context: TenantContext) {}

  /** Log lines written for a clinic (its requests, its queue jobs) carry its id. */
  onModuleInit(): void {
    this.unregisterLogContext = registerLogContext(() => this.context.logContext());
  }

  onModuleDestroy(): void {
    this.unregisterLogContext?.();
  }

  /** Every request runs in its own tenant scope. */
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(this.context.middleware).forRoutes({ path: '*path', method: RequestMethod.ALL });
  }

  static forRoot(options: TenancyModuleOptions): DynamicModule {
    return {
      module: TenancyModule,
      global: true,
      providers: [{ provide: CLINIC_ENTITIES, useValue: options.clinicEntities }, ...PROVIDERS],
      exports: PROVIDERS,
    };
  }
}
