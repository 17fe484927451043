import { withAdmin } from './test-env';

/** Every row of every table of a database's public schema, as text: what a dump of its data would hold. */
export async function dumpDatabaseText(database: string): Promise<string> {
  return withAdmin(database, async (client) => {
    const tables = await client.query<{ name: string }>(`SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
    const parts: string[] = [];
    for (const { name } of tables.rows) {
      const rows = await client.query<{ row: string }>(`SELECT t::text AS row FROM ${name} t`);
      parts.push(`-- ${name}`, ...rows.rows.map((r) => r.row));
    }
    return parts.join('\n');
  });
}
