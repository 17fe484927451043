import { DynamicModule, INestApplication, Module, ModuleMetadata, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { ApiExceptionFilter, AppConfig, bodyParsers, requestIdMiddleware } from '@sophie/common';
import { MetricsService } from '@sophie/metrics';
import { SuperadminBootstrapResult, SuperadminBootstrapService } from '@sophie/registry';
import { serveAdminSite } from './admin-site';
import { AppModule } from './app.module';
import { answerClientErrorsInShape } from './client-errors';

export const DOCS_PATH = 'api/docs';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Sophie API')
    .setDescription('Multi-clinic backend: a PostgreSQL database per clinic, found through a central registry.')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, config);
}

export interface ApiAppOptions {
  logger?: boolean;
  /** Where the JSON log lines go instead of standard output (tests read them); none in production. */
  logDestination?: DestinationStream;
  /** Extra modules mounted beside AppModule (the benchmark's controllers); none in production. */
  imports?: ModuleMetadata['imports'];
}

/** The root when extra modules are mounted: AppModule as it is, plus the extras beside it. */
@Module({})
class ApiWithExtrasModule {}

function rootModule(config: AppConfig, options: ApiAppOptions): DynamicModule {
  const { imports } = options;
  const app = AppModule.forRoot(config, { destination: options.logDestination });
  if (!imports || imports.length === 0) return app;
  return { module: ApiWithExtrasModule, imports: [app, ...imports] };
}

export interface ApiApp {
  app: NestExpressApplication;
  bootstrap: SuperadminBootstrapResult;
}

/**
 * Builds the API exactly as production runs it (used by main.ts, the tests and the benchmark).
 * The registry must already be migrated (see migrateRegistry).
 */
export async function createApiApp(config: AppConfig, options: ApiAppOptions = {}): Promise<ApiApp> {
  const app = await NestFactory.create<NestExpressApplication>(rootModule(config, options), {
    bodyParser: false,
    bufferLogs: true,
    logger: options.logger === false ? false : undefined,
  });
  if (options.logger !== false) app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  app.use(requestIdMiddleware);
  // First, so that every answer counts, refusals by the body parsers included (by route template, never the raw path).
  app.use(app.get(MetricsService).httpMiddleware());
  // Webhooks first, with Meta's payload size; a parsed body is not parsed again by the general parsers.
  app.use('/webhook', ...bodyParsers(config.webhookBodyLimitBytes, { lenient: true }));
  app.use(...bodyParsers(config.bodyLimitBytes));
  serveAdminSite(app, config.adminDistDir);
  app.useGlobalFilters(new ApiExceptionFilter());
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      validationError: { target: false, value: false },
    }),
  );
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app));
  await app.init();
  answerClientErrorsInShape(app.getHttpServer());
  const bootstrap = await app.get(SuperadminBootstrapService).run();
  return { app, bootstrap };
}
