import { Controller, Get, Header, Headers, HttpStatus, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@sophie/auth';
import { AppConfig, CommonErrorCode, DomainError } from '@sophie/common';
import { MetricsService } from './metrics.service';
import { metricsTokenAccepted } from './metrics-token';

/**
 * Prometheus's scrape target. Not JWT-guarded: with METRICS_TOKEN set it requires that bearer token; without it,
 * it is open and must not be reachable from the public network. It never shows patient data or secrets.
 */
@Public()
@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiBearerAuth()
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format); needs METRICS_TOKEN as a bearer token when it is set' })
  @ApiOkResponse({ description: 'Requests by route template and status, clinic pools, queues, webhook latency, outbound errors' })
  @ApiUnauthorizedResponse({ description: 'METRICS_TOKEN is set and the request does not carry it' })
  @Header('Cache-Control', 'no-store')
  async scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) res: Response): Promise<string> {
    if (!metricsTokenAccepted(this.config.metricsToken, authorization)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new DomainError(CommonErrorCode.Unauthorized, HttpStatus.UNAUTHORIZED, 'A valid metrics token is required');
    }
    const body = await this.metrics.render();
    res.type(this.metrics.contentType);
    return body;
  }
}
