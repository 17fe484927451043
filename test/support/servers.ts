import { withAdmin } from './test-env';
import type { SecondDatabaseServer } from './second-database-server';

/** A database server as GET /api/superadmin/servers lists it. */
export interface ServerBody {
  id: string;
  name: string;
  host: string;
  port: number;
  admin_user: string;
  status: 'accepting' | 'draining';
  capacity: number;
  clinics: number;
  room: number;
  is_primary: boolean;
}

/** The admin URL of the second server's database `database`. */
export function secondAdminUrl(second: SecondDatabaseServer, database = 'postgres'): string {
  const { host, port, adminUser, adminPassword } = second.address;
  return `postgres://${encodeURIComponent(adminUser)}:${encodeURIComponent(adminPassword)}@${host}:${port}/${database}`;
}

/** The body of POST /api/superadmin/servers for the second server. */
export function secondServerBody(second: SecondDatabaseServer, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const { host, port, adminUser, adminPassword } = second.address;
  return { name: `second-${port}`, host, port, admin_user: adminUser, admin_password: adminPassword, capacity: 100, ...overrides };
}

/** Where the registry of installation `prefix` placed each clinic: clinic id → server name, and the database names. */
export async function placements(prefix: string): Promise<Map<string, { server: string; database: string; role: string; sealed: string | null }>> {
  const rows = await withAdmin(`${prefix}_registry`, async (c) =>
    (
      await c.query<{ id: string; server: string; database_name: string; database_role: string; database_password_encrypted: string | null }>(
        'SELECT c.id, s.name AS server, c.database_name, c.database_role, c.database_password_encrypted FROM clinics c JOIN database_servers s ON s.id = c.database_server_id',
      )
    ).rows,
  );
  return new Map(rows.map((r) => [r.id, { server: r.server, database: r.database_name, role: r.database_role, sealed: r.database_password_encrypted }]));
}
