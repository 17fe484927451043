import { DataSource, DataSourceOptions } from 'typeorm';
import { CENTRAL_MIGRATIONS } from '@sophie/migrations';
import { REGISTRY_ENTITIES } from './entities';

export const REGISTRY_MIGRATIONS_TABLE = 'registry_migrations';

/** TypeORM options of the central registry. */
export function registryDataSourceOptions(url: string, poolSize: number): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: REGISTRY_ENTITIES,
    migrations: CENTRAL_MIGRATIONS,
    migrationsTableName: REGISTRY_MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    installExtensions: false,
    synchronize: false,
    logging: false,
    // TypeORM prints migration failures to the console whatever `logging` says; we report them ourselves.
    logger: 'debug',
    applicationName: 'sophie-registry',
    extra: { max: poolSize, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30000 },
  };
}

export function createRegistryDataSource(url: string, poolSize = 2): DataSource {
  return new DataSource(registryDataSourceOptions(url, poolSize));
}
