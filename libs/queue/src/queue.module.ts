import { DynamicModule, Module } from '@nestjs/common';
import { JobQueue } from './job-queue';
import { QUEUE_MODULE_OPTIONS } from './queue.constants';
import type { QueueModuleOptions } from './queue.types';

/**
 * The durable job queue (pg-boss in the registry database), injectable everywhere as JobQueue.
 * Import it after TenancyModule: on shutdown, lifecycle hooks of global modules run in reverse
 * order, so the workers drain before the clinic pools close.
 */
@Module({})
export class QueueModule {
  static forRoot(options: QueueModuleOptions = {}): DynamicModule {
    return {
      module: QueueModule,
      global: true,
      providers: [{ provide: QUEUE_MODULE_OPTIONS, useValue: options }, JobQueue],
      exports: [JobQueue],
    };
  }
}
