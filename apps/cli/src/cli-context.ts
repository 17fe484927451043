import type { Writable } from 'node:stream';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, prepareRuntime, Runtime } from '@sophie/common';
import { migrateRegistry, RegistryMigrationResult, SuperadminBootstrapService } from '@sophie/registry';
import { CliModule } from './cli.module';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: Writable;
  stderr: Writable;
}

export interface CliContext {
  app: INestApplicationContext;
  config: AppConfig;
  registry: RegistryMigrationResult;
  io: CliIo;
}

/** Opens the registry (embedded or DATABASE_URL), migrates it, runs `work`, and closes everything. */
export async function withCliContext<T>(io: CliIo, work: (ctx: CliContext) => Promise<T>): Promise<T> {
  const runtime: Runtime = await prepareRuntime(io.env);
  try {
    const registry = await migrateRegistry(runtime.config.registryUrl);
    const app = await NestFactory.createApplicationContext(CliModule.forRoot(runtime.config), { logger: ['error', 'warn'] });
    try {
      const bootstrap = await app.get(SuperadminBootstrapService).run();
      if (bootstrap.generatedPassword) {
        writeLine(io.stdout, `First superadmin created: ${bootstrap.username}. Password (shown once, keep it safe): ${bootstrap.generatedPassword}`);
      }
      return await work({ app, config: runtime.config, registry, io });
    } finally {
      await app.close();
    }
  } finally {
    await runtime.embedded?.stop();
  }
}

export function writeLine(stream: Writable, line = ''): void {
  stream.write(`${line}\n`);
}
