import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { APPOINTMENT_ENTITIES, AppointmentsModule } from '@sophie/appointments';
import { AssistantModule } from '@sophie/assistant';
import { AuthModule } from '@sophie/auth';
import { CALENDAR_ENTITIES, CalendarModule } from '@sophie/calendar';
import { ClinicsModule } from '@sophie/clinics';
import { AppConfig, ConfigModule, LoggingModule, LoggingOptions } from '@sophie/common';
import { CONVERSATION_ENTITIES } from '@sophie/conversations';
import { GdprModule } from '@sophie/gdpr';
import { MetricsModule } from '@sophie/metrics';
import { PATIENT_ENTITIES } from '@sophie/patients';
import { PRACTITIONER_ENTITIES } from '@sophie/practitioners';
import { QueueModule } from '@sophie/queue';
import { RegistryModule } from '@sophie/registry';
import { ServersModule } from '@sophie/servers';
import { SETTINGS_ENTITIES } from '@sophie/settings';
import { TenancyModule } from '@sophie/tenancy';
import { WHATSAPP_ENTITIES, WhatsAppModule } from '@sophie/whatsapp';
import { HealthController } from './health.controller';

/** Every entity that lives in a clinic database. */
export const CLINIC_ENTITIES = [...PATIENT_ENTITIES, ...PRACTITIONER_ENTITIES, ...SETTINGS_ENTITIES, ...APPOINTMENT_ENTITIES, ...CONVERSATION_ENTITIES, ...WHATSAPP_ENTITIES, ...CALENDAR_ENTITIES];

/** The HTTP API: REST for the dashboard and the superadmin. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logging: LoggingOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logging),
        RegistryModule.forRoot(),
        TenancyModule.forRoot({ clinicEntities: CLINIC_ENTITIES }),
        QueueModule.forRoot({ pollingIntervalSeconds: config.queuePollSeconds }),
        MetricsModule,
        TerminusModule.forRoot({ errorLogStyle: 'json' }),
        AuthModule,
        ClinicsModule,
        ServersModule,
        AppointmentsModule,
        CalendarModule,
        GdprModule,
        WhatsAppModule,
        AssistantModule,
      ],
      controllers: [HealthController],
    };
  }
}
