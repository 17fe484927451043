import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { parsePgUrl, withDatabase } from '@sophie/common';
import { withAdvisoryLock } from './advisory-lock';
import { createRegistryDataSource, REGISTRY_MIGRATIONS_TABLE } from './registry-data-source';
import { executedMigrations } from './migration-status';

export interface RegistryMigrationResult {
  created: boolean;
  applied: string[];
  warnings: string[];
}

/** Only the registry's owner (and superusers) may connect to it: clinic roles must not. */
async function revokePublicConnect(dataSource: DataSource): Promise<string[]> {
  try {
    await dataSource.query('DO $$ BEGIN EXECUTE format(\'REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC\', current_database()); END $$');
    return [];
  } catch {
    return ['Could not revoke CONNECT on the registry database from PUBLIC: the configured role does not own it'];
  }
}

/** Creates the registry database when it does not exist (the role must be allowed to). */
async function ensureDatabase(url: string): Promise<boolean> {
  const { database } = parsePgUrl(url);
  const client = new Client({ connectionString: withDatabase(url, 'postgres'), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
    } catch (error) {
      // Another process created it between our check and our CREATE: 42P04, or 23505 when both CREATEs ran at once
      // (the second then trips over pg_database's unique index).
      const code = (error as { code?: string }).code;
      if (code !== '42P04' && code !== '23505') throw error;
      return false;
    }
    return true;
  } finally {
    await client.end();
  }
}

/**
 * Brings the registry up to date: creates its database if needed and applies pending central
 * migrations, serialised across processes by an advisory lock.
 */
export async function migrateRegistry(url: string): Promise<RegistryMigrationResult> {
  const created = await ensureDatabase(url);
  const dataSource = createRegistryDataSource(url, 2);
  await dataSource.initialize();
  try {
    const outcome = await withAdvisoryLock(dataSource, 'sophie:registry:migrate', async () => {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    });
    const warnings = await revokePublicConnect(dataSource);
    return { created, applied: outcome.acquired ? outcome.result : [], warnings };
  } finally {
    await dataSource.destroy();
  }
}

/** Registry migrations not applied yet. */
export async function pendingRegistryMigrations(url: string): Promise<string[]> {
  const dataSource = createRegistryDataSource(url, 1);
  await dataSource.initialize();
  try {
    const executed = await executedMigrations(dataSource, REGISTRY_MIGRATIONS_TABLE);
    return dataSource.migrations.map((m) => m.name ?? m.constructor.name).filter((name) => !executed.has(name));
  } finally {
    await dataSource.destroy();
  }
}
