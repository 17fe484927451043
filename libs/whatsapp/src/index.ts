import type { SealedColumns } from '@sophie/common';
import { WhatsAppConfigEntity } from './config/whatsapp-config.entity';
import { SystemLogEntity } from './system-log/system-log.entity';

export * from './client';
export * from './config/whatsapp-config.dto';
export * from './config/whatsapp-config.entity';
export * from './config/whatsapp-config.service';
export * from './dispatch/inbox-dispatcher';
export * from './media/media-store';
export * from './processing/inbound-message-handler';
export * from './processing/outbound.service';
export * from './system-log/system-log.entity';
export * from './system-log/system-log.service';
export * from './webhook/signature';
export * from './webhook/webhook-payload';
export * from './whatsapp-error-code';
export * from './whatsapp.module';

/** Entities this module keeps in each clinic database. */
export const WHATSAPP_ENTITIES = [WhatsAppConfigEntity, SystemLogEntity];

/** Columns this module seals with SecretBox in each clinic database (`keys rotate` and `keys status` walk them). */
export const WHATSAPP_SEALED_COLUMNS: readonly SealedColumns[] = [{ table: 'whatsapp_config', idColumn: 'id', columns: ['verify_token_sealed', 'access_token_sealed', 'webhook_secret_sealed'] }];
