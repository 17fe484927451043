import type { DataSource } from 'typeorm';

/** Names of the migrations recorded in a TypeORM migrations table (empty when the table does not exist yet). */
export async function executedMigrations(dataSource: DataSource, table: string): Promise<Set<string>> {
  const exists = await dataSource.query<Array<{ present: boolean }>>('SELECT to_regclass($1) IS NOT NULL AS present', [table]);
  if (!exists[0]?.present) return new Set();
  const rows = await dataSource.query<Array<{ name: string }>>(`SELECT name FROM "${table.replace(/"/g, '')}"`);
  return new Set(rows.map((row) => row.name));
}
