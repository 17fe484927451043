import 'reflect-metadata';
import 'dotenv/config';
import { Logger } from '@nestjs/common';
import { ConfigError, onShutdownSignal, prepareRuntime, safeErrorForLog } from '@sophie/common';
import { JobQueue } from '@sophie/queue';
import { migrateRegistry } from '@sophie/registry';
import { listeningPort } from './worker-http';
import { createWorkerApp } from './worker.factory';

/* eslint-disable no-console -- start-up failures happen before the structured logger exists. */

/**
 * `npm run start:worker`: the queue workers as their own process. SIGTERM or SIGINT stops taking jobs, lets running
 * ones finish (up to the queue's shutdown timeout, then fails them so that another process retries them), closes the
 * pools and exits 0.
 */
async function main(): Promise<void> {
  const runtime = await prepareRuntime(process.env);
  const { config } = runtime;
  await migrateRegistry(config.registryUrl);
  const worker = await createWorkerApp(config);
  const logger = new Logger('Worker');

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.log({ signal }, 'Stopping: running jobs finish, no new job is taken');
    let code = 0;
    try {
      await worker.close();
      await runtime.embedded?.stop();
    } catch (error) {
      logger.error({ error: safeErrorForLog(error) }, 'Stopping failed');
      code = 1;
    }
    process.exit(code);
  };
  onShutdownSignal((signal) => void stop(signal));

  const queue = worker.context.get(JobQueue);
  logger.log({ port: listeningPort(worker.http), queues: queue.queueNames(), workerLoops: queue.workerCount() }, 'Sophie worker is running: /health, /ready and /metrics on this port');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('The Sophie worker could not start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
