import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@sophie/common';
import { REGISTRY_ENTITIES } from './entities';
import { registryDataSourceOptions } from './registry-data-source';
import { AuditService } from './services/audit.service';
import { ClinicRegistryService } from './services/clinic-registry.service';
import { DatabaseServersService } from './services/database-servers.service';
import { SuperadminBootstrapService } from './services/superadmin-bootstrap.service';
import { UsersService } from './services/users.service';
import { WhatsAppNumbersService } from './services/whatsapp-numbers.service';

const SERVICES = [ClinicRegistryService, DatabaseServersService, UsersService, AuditService, SuperadminBootstrapService, WhatsAppNumbersService];

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
          useFactory: (config: AppConfig) => registryDataSourceOptions(config.registryUrl, config.registryPoolSize),
        }),
        TypeOrmModule.forFeature(REGISTRY_ENTITIES),
      ],
      providers: SERVICES,
      exports: [...SERVICES, TypeOrmModule],
    };
  }
}
