import { RegistryInit1795219200000 } from './1795219200000-registry-init';
import { WhatsAppNumbers1795478400000 } from './1795478400000-whatsapp-numbers';
import { ClinicLifecycle1795824000000 } from './1795824000000-clinic-lifecycle';
import { DatabaseServerAddress1795910400000 } from './1795910400000-database-server-address';
import { DatabaseServerPooler1795996800000 } from './1795996800000-database-server-pooler';
import { LoginFailures1796083200000 } from './1796083200000-login-failures';

/** Registry migrations, oldest first. Append; never edit one that has shipped. */
export const CENTRAL_MIGRATIONS = [RegistryInit1795219200000, WhatsAppNumbers1795478400000, ClinicLifecycle1795824000000, DatabaseServerAddress1795910400000, DatabaseServerPooler1795996800000, LoginFailures1796083200000];
