export * from './job-data';
export * from './job-queue';
export * from './queue.constants';
export * from './queue.module';
export * from './queue.types';
