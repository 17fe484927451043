import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@sophie/auth';
import { UserRole } from '@sophie/registry';
import { SuperadminStatsDto } from './dto/stats.dto';
import { SuperadminStatsService } from './superadmin-stats.service';

@ApiTags('superadmin')
@ApiBearerAuth()
@Roles(UserRole.SuperAdmin)
@Controller('api/superadmin/stats')
export class SuperadminStatsController {
  constructor(private readonly statistics: SuperadminStatsService) {}

  @Get()
  @ApiOperation({
    summary: 'Figures of every active and suspended clinic, read from their databases a few at a time',
    description: 'A clinic whose database cannot be read in time (or that is suspended) is listed with available: false and null figures, and left out of the totals.',
  })
  @ApiOkResponse({ type: SuperadminStatsDto })
  stats(): Promise<SuperadminStatsDto> {
    return this.statistics.stats();
  }
}
