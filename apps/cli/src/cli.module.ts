import { DynamicModule, Module } from '@nestjs/common';
import { ClinicsModule } from '@sophie/clinics';
import { AppConfig, ConfigModule } from '@sophie/common';
import { RegistryModule } from '@sophie/registry';
import { TenancyModule } from '@sophie/tenancy';

/** What the operator CLI needs: the registry, provisioning, clinic management and migrations (no HTTP, no clinic pools). */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [ConfigModule.forRoot(config), RegistryModule.forRoot(), TenancyModule.forRoot({ clinicEntities: [] }), ClinicsModule],
    };
  }
}
