import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '@sophie/common';
import { lockThroughDirectUrl } from './advisory-lock';
import { REGISTRY_ENTITIES } from './entities';
import { registryDataSourceOptions } from './registry-data-source';
import { AuditService } from './services/audit.service';
import { ClinicRegistryService } from './services/clinic-registry.service';
import { DatabaseServersService } from './services/database-servers.service';
import { SuperadminBootstrapService } from './services/superadmin-bootstrap.service';
import { UsersService } from './services/users.service';
import { WhatsAppNumbersService } from './services/whatsapp-numbers.service';

const SERVICES = [ClinicRegistryService, DatabaseServersService, UsersService, AuditService, SuperadminBootstrapService, WhatsAppNumbersService];

/** When the registry pool goes through a pooler, session advisory locks go to the direct URL (see lockThroughDirectUrl). */
const REGISTRY_LOCK_ROUTE = {
  provide: Symbol('REGISTRY_LOCK_ROUTE'),
  inject: [getDataSourceToken(), AppConfig],
  useFactory: (dataSource: DataSource, config: AppConfig): boolean => {
    const pooled = config.registryPoolUrl !== config.registryUrl;
    if (pooled) lockThroughDirectUrl(dataSource, config.registryUrl);
    return pooled;
  },
};

/** The central registry database: clinics, database servers, users, audit log. */
@Module({})
export class RegistryModule {
  static forRoot(): DynamicModule {
    return {
      module: RegistryModule,
      global: true,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          // The pooled URL when there is one: every registry query is one statement or one transaction.
          useFactory: (config: AppConfig) => registryDataSourceOptions(config.registryPoolUrl, config.registryPoolSize),
        }),
        TypeOrmModule.forFeature(REGISTRY_ENTITIES),
      ],
      providers: [...SERVICES, REGISTRY_LOCK_ROUTE],
      exports: [...SERVICES, TypeOrmModule],
    };
  }
}
