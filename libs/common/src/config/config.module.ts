import { DynamicModule, Global, Module } from '@nestjs/common';
import { SecretsService } from '../crypto/secret-box';
import { AppConfig } from './app-config';

/** Makes the boot-time AppConfig, and the SecretBox keyed by it, injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: AppConfig, useValue: config }, SecretsService], exports: [AppConfig, SecretsService] };
  }
}
