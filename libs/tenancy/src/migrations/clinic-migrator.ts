import { DataSource, MigrationInterface } from 'typeorm';
import { CLINIC_MIGRATIONS } from '@sophie/migrations';
import type { DatabaseServerCredentials } from '@sophie/registry';
import { executedMigrations } from '@sophie/registry';

export const CLINIC_MIGRATIONS_TABLE = 'clinic_migrations';

export type MigrationClass = new () => MigrationInterface;

export interface ClinicMigrationOutcome {
  applied: string[];
  /** Name of the newest migration now applied, or null for an empty database. */
  version: string | null;
}

function migrationName(migration: MigrationClass): string {
  return new migration().name ?? migration.name;
}

/** The newest migration name of a list: the schema version a fully migrated database reports. */
export function latestMigrationName(migrations: MigrationClass[] = CLINIC_MIGRATIONS): string | null {
  const last = migrations[migrations.length - 1];
  return last ? migrationName(last) : null;
}

function adminDataSource(server: DatabaseServerCredentials, database: string, migrations: MigrationClass[]): DataSource {
  return new DataSource({
    type: 'postgres',
    host: server.host,
    port: server.port,
    username: server.adminUser,
    password: server.adminPassword,
    database,
    migrations,
    migrationsTableName: CLINIC_MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    installExtensions: false,
    logging: false,
    // TypeORM prints migration failures to the console whatever `logging` says; we report them ourselves.
    logger: 'debug',
    applicationName: 'sophie-migrator',
    extra: { max: 1, connectionTimeoutMillis: 5000 },
  });
}

/** Applies pending clinic migrations to one clinic database, as the server's admin role. */
export async function migrateClinicDatabase(
  server: DatabaseServerCredentials,
  database: string,
  migrations: MigrationClass[] = CLINIC_MIGRATIONS,
): Promise<ClinicMigrationOutcome> {
  const dataSource = adminDataSource(server, database, migrations);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    const executed = await executedMigrations(dataSource, CLINIC_MIGRATIONS_TABLE);
    const names = migrations.map(migrationName).filter((name) => executed.has(name));
    return { applied: applied.map((m) => m.name), version: names[names.length - 1] ?? null };
  } finally {
    await dataSource.destroy();
  }
}

/** Clinic migrations not yet applied to one database. */
export async function pendingClinicMigrations(
  server: DatabaseServerCredentials,
  database: string,
  migrations: MigrationClass[] = CLINIC_MIGRATIONS,
): Promise<string[]> {
  const dataSource = adminDataSource(server, database, migrations);
  await dataSource.initialize();
  try {
    const executed = await executedMigrations(dataSource, CLINIC_MIGRATIONS_TABLE);
    return migrations.map(migrationName).filter((name) => !executed.has(name));
  } finally {
    await dataSource.destroy();
  }
}
