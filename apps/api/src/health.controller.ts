import { Controller, Get, HttpStatus, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckResult, HealthCheckService, HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '@sophie/auth';
import { CommonErrorCode, DomainError } from '@sophie/common';
import { JobQueue } from '@sophie/queue';

/** How long each readiness check may take before it counts as down. */
export const READY_CHECK_TIMEOUT_MS = 3000;

/**
 * Runs one check within READY_CHECK_TIMEOUT_MS. The public answer says which dependency failed and whether it timed
 * out, never the error itself (database names, hosts).
 */
async function probe(indicators: HealthIndicatorService, key: string, check: () => Promise<unknown>): Promise<HealthIndicatorResult> {
  const session = indicators.check(key);
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), READY_CHECK_TIMEOUT_MS);
  });
  try {
    const outcome = await Promise.race([check().then(() => 'up' as const), timeout]);
    if (outcome === 'up') return session.up({ responseTimeMs: Date.now() - started });
    return session.down({ message: `no answer within ${READY_CHECK_TIMEOUT_MS} ms` });
  } catch {
    return session.down({ message: 'unreachable' });
  } finally {
    clearTimeout(timer);
  }
}

/** Liveness and readiness for orchestrators and load balancers. */
@Public()
@ApiTags('health')
@Controller()
export class HealthController {
  constructor(
    private readonly checks: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @InjectDataSource() private readonly registry: DataSource,
    private readonly queue: JobQueue,
  ) {}

  @Get('health')
  @ApiOperation({ summary: 'Liveness: 200 while the process answers, whatever its dependencies (see /ready)' })
  @ApiOkResponse({ schema: { example: { status: 'ok', info: {}, error: {}, details: {} } } })
  health(): Promise<HealthCheckResult> {
    return this.checks.check([]);
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: 200 when the registry database and the job queue answer, 503 naming the failed checks otherwise' })
  @ApiOkResponse({ schema: { example: { status: 'ok', info: { registry: { status: 'up' }, queue: { status: 'up' } }, error: {}, details: {} } } })
  @ApiServiceUnavailableResponse({ description: 'code SERVICE_UNAVAILABLE; details.failed lists the checks that failed (registry, queue)' })
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.checks.check([
        () => probe(this.indicators, 'registry', () => this.registry.query('SELECT 1')),
        () => probe(this.indicators, 'queue', () => this.queue.ping()),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      const failed = Object.keys(result.error ?? {});
      throw new DomainError(CommonErrorCode.ServiceUnavailable, HttpStatus.SERVICE_UNAVAILABLE, `Not ready: ${failed.join(', ')} unreachable`, { failed, checks: result.details }, 5);
    }
  }
}
