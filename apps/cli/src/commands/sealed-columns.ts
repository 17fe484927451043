import { CALENDAR_SEALED_COLUMNS } from '@sophie/calendar';
import { REGISTRY_SEALED_COLUMNS } from '@sophie/registry';
import type { SealedColumnSets } from '@sophie/tenancy';
import { WHATSAPP_SEALED_COLUMNS } from '@sophie/whatsapp';

/** Every column sealed with SecretBox, as each domain declares it: what `keys rotate` and `keys status` walk. */
export const SEALED_COLUMNS: SealedColumnSets = {
  registry: REGISTRY_SEALED_COLUMNS,
  clinic: [...WHATSAPP_SEALED_COLUMNS, ...CALENDAR_SEALED_COLUMNS],
};
