import type { SealedColumns } from '@sophie/common';

/** Columns of the registry sealed with SecretBox (`keys rotate` and `keys status` walk them). */
export const REGISTRY_SEALED_COLUMNS: readonly SealedColumns[] = [
  { table: 'database_servers', idColumn: 'id', columns: ['admin_password_encrypted'] },
  { table: 'clinics', idColumn: 'id', columns: ['database_password_encrypted'] },
];
