import { AuditLogEntity } from './audit-log.entity';
import { ClinicEntity } from './clinic.entity';
import { DatabaseServerEntity } from './database-server.entity';
import { UserEntity } from './user.entity';
import { WhatsAppNumberEntity } from './whatsapp-number.entity';

export * from './audit-log.entity';
export * from './clinic.entity';
export * from './database-server.entity';
export * from './user.entity';
export * from './whatsapp-number.entity';

export const REGISTRY_ENTITIES = [ClinicEntity, DatabaseServerEntity, UserEntity, AuditLogEntity, WhatsAppNumberEntity];
