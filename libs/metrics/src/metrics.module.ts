import { Global, Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/**
 * One Prometheus registry per process and its /metrics endpoint. Global and static: every module importing it
 * (the API, the WhatsApp channel) shares the same MetricsService.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsService],
  exports: [MetricsService],
})
export class MetricsModule {}
