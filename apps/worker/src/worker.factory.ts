import type { Server } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { DataSource } from 'typeorm';
import { AppConfig } from '@sophie/common';
import { MetricsService } from '@sophie/metrics';
import { JobQueue } from '@sophie/queue';
import { startWorkerHttp, stopWorkerHttp } from './worker-http';
import { WorkerModule } from './worker.module';

export interface WorkerAppOptions {
  logger?: boolean;
  /** Where the JSON log lines go instead of standard output (tests read them); none in production. */
  logDestination?: DestinationStream;
}

export interface WorkerApp {
  context: INestApplicationContext;
  /** Its health and metrics server on WORKER_PORT. */
  http: Server;
  /** Stops taking jobs, waits for running ones (bounded; the rest are failed so that they are retried), closes. */
  close(): Promise<void>;
}

/**
 * Builds the queue worker process (used by the worker's main.ts and tests): every queue handler runs here, whatever
 * QUEUE_WORKERS says (that setting is for API processes), and no API route is served. The registry must already be
 * migrated (see migrateRegistry).
 */
export async function createWorkerApp(config: AppConfig, options: WorkerAppOptions = {}): Promise<WorkerApp> {
  const workerConfig = new AppConfig({ ...config, queueWorkers: true });
  // Handlers start their loops when the context initialises (onApplicationBootstrap), inside create.
  const context = await NestFactory.createApplicationContext(WorkerModule.forRoot(workerConfig, { destination: options.logDestination }), {
    bufferLogs: true,
    logger: options.logger === false ? false : undefined,
  });
  if (options.logger !== false) context.useLogger(context.get(Logger));
  const queue = context.get(JobQueue);
  const registry = context.get<DataSource>(getDataSourceToken());
  const metrics = context.get(MetricsService);
  let http: Server;
  try {
    http = await startWorkerHttp(
      {
        workerLoops: () => queue.workerCount(),
        registry: () => registry.query('SELECT 1'),
        queue: () => queue.ping(),
        metrics: async () => ({ contentType: metrics.contentType, body: await metrics.render() }),
        metricsToken: workerConfig.metricsToken,
      },
      workerConfig.workerPort,
      workerConfig.host,
    );
  } catch (error) {
    await context.close();
    throw error;
  }
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await stopWorkerHttp(http);
      await context.close();
    })();
    return closing;
  };
  return { context, http, close };
}
