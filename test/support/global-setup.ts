import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../libs/common/src/database/embedded-postgres';
import { withDatabase } from '../../libs/common/src/database/pg-url';

/**
 * One real PostgreSQL for the whole run: the server named by TEST_DATABASE_URL (a role allowed to
 * create databases and roles), or an embedded one in a temporary folder, removed afterwards.
 * Each test file then makes its own registry database and clinics with random names.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) {
    process.env.TEST_PG_ADMIN_URL = withDatabase(process.env.TEST_DATABASE_URL, 'postgres');
    return;
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'sophie-test-pg-'));
  // PostgreSQL runs as its own system user when we are root: it must be able to enter the folder.
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({ clusterDir: path.join(dir, 'pg'), password: 'sophie-test', persistent: false, maxConnections: 300 });
  (globalThis as { __SOPHIE_PG__?: typeof server }).__SOPHIE_PG__ = server;
  process.env.TEST_PG_ADMIN_URL = server.url('postgres');
}
