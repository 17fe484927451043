import { DynamicModule, Module } from '@nestjs/common';
import { APPOINTMENT_ENTITIES, AppointmentsModule } from '@sophie/appointments';
import { AssistantModule } from '@sophie/assistant';
import { CALENDAR_ENTITIES, CalendarModule } from '@sophie/calendar';
import { AppConfig, ConfigModule, LoggingModule, LoggingOptions } from '@sophie/common';
import { CONVERSATION_ENTITIES } from '@sophie/conversations';
import { MetricsModule } from '@sophie/metrics';
import { PATIENT_ENTITIES } from '@sophie/patients';
import { PRACTITIONER_ENTITIES } from '@sophie/practitioners';
import { QueueModule } from '@sophie/queue';
import { RegistryModule } from '@sophie/registry';
import { SETTINGS_ENTITIES } from '@sophie/settings';
import { TenancyModule } from '@sophie/tenancy';
import { WHATSAPP_ENTITIES, WhatsAppModule } from '@sophie/whatsapp';

/** Every entity of a clinic database, as the API lists them (a spec holds the two lists equal). */
export const WORKER_CLINIC_ENTITIES = [
  ...PATIENT_ENTITIES,
  ...PRACTITIONER_ENTITIES,
  ...SETTINGS_ENTITIES,
  ...APPOINTMENT_ENTITIES,
  ...CONVERSATION_ENTITIES,
  ...WHATSAPP_ENTITIES,
  ...CALENDAR_ENTITIES,
];

/**
 * The queue worker process: the domain modules whose services register queue handlers (WhatsApp inbound and
 * outbound, the assistant and its reminders, calendar sync) over the same infrastructure as the API, and no HTTP API.
 * It is built as an application context, so the domain modules' controllers are never routed. QueueModule comes
 * after TenancyModule: on shutdown the workers drain before the clinic pools close.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, logging: LoggingOptions = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(logging),
        RegistryModule.forRoot(),
        TenancyModule.forRoot({ clinicEntities: WORKER_CLINIC_ENTITIES }),
        QueueModule.forRoot({ pollingIntervalSeconds: config.queuePollSeconds }),
        MetricsModule,
        AppointmentsModule,
        CalendarModule,
        WhatsAppModule,
        AssistantModule,
      ],
    };
  }
}
