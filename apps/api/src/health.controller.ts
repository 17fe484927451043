import { Controller, Get, HttpStatus } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '@sophie/auth';
import { DomainError, CommonErrorCode } from '@sophie/common';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly registry: DataSource) {}

  @Public()
  @Get()
  @ApiOperation({ summary: '200 once the server can serve (the registry answers), 503 otherwise' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  @ApiServiceUnavailableResponse({ description: 'The registry database is unreachable' })
  async health(): Promise<{ status: 'ok' }> {
    try {
      await this.registry.query('SELECT 1');
    } catch {
      throw new DomainError(CommonErrorCode.ServiceUnavailable, HttpStatus.SERVICE_UNAVAILABLE, 'The registry database is unreachable', undefined, 5);
    }
    return { status: 'ok' };
  }
}
