import { RegistryInit1795219200000 } from './1795219200000-registry-init';
import { WhatsAppNumbers1795478400000 } from './1795478400000-whatsapp-numbers';

/** Registry migrations, oldest first. Append; never edit one that has shipped. */
export const CENTRAL_MIGRATIONS = [RegistryInit1795219200000, WhatsAppNumbers1795478400000];
