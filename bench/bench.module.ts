import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SINGLE_ENTITIES } from './single-db';
import { SINGLE_DB, SingleDbController } from './single-db.controller';

export interface BenchModuleOptions {
  /** URL of `<prefix>_single`, as its own unprivileged role (read when the API starts: the database is made just before). */
  singleDatabaseUrl: () => string;
  singlePoolSize: number;
}

/** The benchmark's baseline endpoint, mounted beside AppModule (see createApiApp's `imports`). */
@Module({})
export class BenchModule {
  static forRoot(options: BenchModuleOptions): DynamicModule {
    return {
      module: BenchModule,
      imports: [
        TypeOrmModule.forRootAsync({
          name: SINGLE_DB,
          useFactory: () => ({
            name: SINGLE_DB,
            type: 'postgres',
            url: options.singleDatabaseUrl(),
            entities: SINGLE_ENTITIES,
            installExtensions: false,
            synchronize: false,
            logging: false,
            applicationName: 'sophie-bench-single',
            retryAttempts: 1,
            // The clinic pools' settings (TenantPoolCache), only the size differs.
            extra: {
              max: options.singlePoolSize,
              connectionTimeoutMillis: 3000,
              idleTimeoutMillis: 30_000,
              statement_timeout: 15_000,
              query_timeout: 20_000,
              keepAlive: true,
            },
          }),
        }),
      ],
      controllers: [SingleDbController],
    };
  }
}
