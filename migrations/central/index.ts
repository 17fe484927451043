import { RegistryInit1795219200000 } from './1795219200000-registry-init';

/** Registry migrations, oldest first. Append; never edit one that has shipped. */
export const CENTRAL_MIGRATIONS = [RegistryInit1795219200000];
