export * from './metrics.controller';
export * from './metrics.module';
export * from './metrics-token';
export * from './metrics.service';
