import { randomBytes } from 'node:crypto';
import type { Client } from 'pg';
import { AppConfig, prepareRuntime } from '../../libs/common/src';
import { dropInstallationAt, installationEnvironment, withAdminAt } from './installation';

export { SUPERADMIN_PASSWORD } from './installation';

/** The admin URL of the run's PostgreSQL (set by global-setup). */
export function adminUrl(): string {
  const url = process.env.TEST_PG_ADMIN_URL;
  if (!url) throw new Error('TEST_PG_ADMIN_URL is not set: run the tests through jest (global-setup)');
  return url;
}

/** The environment of one isolated installation: its own registry database and database-name prefix. */
export function testEnvironment(overrides: Record<string, string> = {}, prefix = `t${randomBytes(5).toString('hex')}`): NodeJS.ProcessEnv {
  return installationEnvironment(adminUrl(), prefix, { NODE_ENV: 'test', TENANT_CONNECT_TIMEOUT_MS: '2000', ...overrides });
}

/** The configuration production would read from this environment. */
export async function configFrom(env: NodeJS.ProcessEnv): Promise<AppConfig> {
  return (await prepareRuntime(env)).config;
}

/** Runs `work` on an admin connection to one database of the test server. */
export function withAdmin<T>(database: string, work: (client: Client) => Promise<T>): Promise<T> {
  return withAdminAt(adminUrl(), database, work);
}

/** Drops every database and role an installation created (its prefix names them all). */
export async function dropInstallation(prefix: string): Promise<void> {
  await dropInstallationAt(adminUrl(), prefix);
}
