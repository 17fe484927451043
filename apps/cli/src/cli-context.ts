import type { Readable, Writable } from 'node:stream';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, prepareRuntime, Runtime } from '@sophie/common';
import { migrateRegistry, RegistryMigrationResult, SuperadminBootstrapService } from '@sophie/registry';
import { CliModule, CliModuleOptions } from './cli.module';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: Writable;
  stderr: Writable;
  /** What `chat` reads lines from (process.stdin when left out). */
  stdin?: Readable & { isTTY?: boolean };
}

export interface CliContext {
  app: INestApplicationContext;
  config: AppConfig;
  registry: RegistryMigrationResult;
  io: CliIo;
}

/**
 * Opens the registry (embedded or DATABASE_URL), migrates it, runs `work`, and closes everything. With
 * `clinicServices`, the context also holds the clinic services (see CliModuleOptions), and never runs queue workers.
 */
export async function withCliContext<T>(io: CliIo, work: (ctx: CliContext) => Promise<T>, options: CliModuleOptions = {}): Promise<T> {
  const runtime: Runtime = await prepareRuntime(io.env);
  try {
    const registry = await migrateRegistry(runtime.config.registryUrl);
    const config = options.clinicServices ? new AppConfig({ ...runtime.config, queueWorkers: false }) : runtime.config;
    const app = await NestFactory.createApplicationContext(CliModule.forRoot(config, options), { logger: ['error', 'warn'] });
    try {
      const bootstrap = await app.get(SuperadminBootstrapService).run();
      if (bootstrap.generatedPassword) {
        writeLine(io.stdout, `First superadmin created: ${bootstrap.username}. Password (shown once, keep it safe): ${bootstrap.generatedPassword}`);
      }
      return await work({ app, config, registry, io });
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
