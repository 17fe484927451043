import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestActor } from '@sophie/auth';
import { WorkingHoursDto } from './working-hours.dto';
import { WorkingHoursService } from './working-hours.service';

@ApiTags('practitioners')
@ApiBearerAuth()
@Controller('api/clinics/:clinicId/practitioners/:practitionerId/working-hours')
export class WorkingHoursController {
  constructor(private readonly hours: WorkingHoursService) {}

  @Get()
  @ApiOperation({ summary: 'A practitioner\'s weekly working hours, by weekday then start' })
  @ApiOkResponse({ type: WorkingHoursDto })
  async get(@Param('practitionerId', new ParseUUIDPipe()) practitionerId: string): Promise<WorkingHoursDto> {
    return { ranges: await this.hours.list(practitionerId) };
  }

  @Put()
  @ApiOperation({
    summary: 'Replace a practitioner\'s whole week of working hours',
    description:
      'In one transaction. Several ranges a day are allowed; the gaps are breaks. A range ending at or before its start: 400 INVALID_WORKING_HOURS; ' +
      'two overlapping ranges of one weekday: 400 WORKING_HOURS_OVERLAP; either way nothing changes.',
  })
  @ApiOkResponse({ type: WorkingHoursDto })
  async replace(@Param('practitionerId', new ParseUUIDPipe()) practitionerId: string, @Body() body: WorkingHoursDto, @Actor() actor: RequestActor): Promise<WorkingHoursDto> {
    return { ranges: await this.hours.replace(practitionerId, body, actor) };
  }
}
