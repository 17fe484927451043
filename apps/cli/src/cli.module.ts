import { DynamicModule, Module } from '@nestjs/common';
import { APPOINTMENT_ENTITIES } from '@sophie/appointments';
import { ClinicsModule } from '@sophie/clinics';
import { AppConfig, ConfigModule } from '@sophie/common';
import { CONVERSATION_ENTITIES } from '@sophie/conversations';
import { PATIENT_ENTITIES } from '@sophie/patients';
import { PRACTITIONER_ENTITIES, PractitionersModule } from '@sophie/practitioners';
import { QueueModule } from '@sophie/queue';
import { RegistryModule } from '@sophie/registry';
import { ServersModule } from '@sophie/servers';
import { SETTINGS_ENTITIES } from '@sophie/settings';
import { TenancyModule } from '@sophie/tenancy';
import { WHATSAPP_ENTITIES, WhatsAppModule } from '@sophie/whatsapp';

/** Every entity of a clinic database, as the API lists them (apps/api's AppModule). */
const CLINIC_ENTITIES = [...PATIENT_ENTITIES, ...PRACTITIONER_ENTITIES, ...SETTINGS_ENTITIES, ...APPOINTMENT_ENTITIES, ...CONVERSATION_ENTITIES, ...WHATSAPP_ENTITIES];

export interface CliModuleOptions {
  /**
   * Also the services that write inside a clinic's database (practitioners, treatments, working hours, the WhatsApp
   * configuration) and the job queue they may send to: `seed-demo`, `chat`. Give it a configuration with
   * `queueWorkers` off, so that the CLI never takes the server's jobs.
   */
  clinicServices?: boolean;
}

/** What the operator CLI needs: the registry, provisioning, clinic and server management and migrations; clinic services on demand. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig, options: CliModuleOptions = {}): DynamicModule {
    if (options.clinicServices && config.queueWorkers) throw new Error('The CLI must not run queue workers: give it a configuration with queueWorkers off');
    const imports = [ConfigModule.forRoot(config), RegistryModule.forRoot(), TenancyModule.forRoot({ clinicEntities: options.clinicServices ? CLINIC_ENTITIES : [] }), ClinicsModule, ServersModule];
    if (options.clinicServices) imports.push(QueueModule.forRoot(), PractitionersModule, WhatsAppModule);
    return { module: CliModule, imports };
  }
}
