import { Body, Controller, Get, Param, ParseUUIDPipe, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestActor } from '@sophie/auth';
import { ClinicProfileService } from './clinic-profile.service';
import { ClinicWithFiguresDto } from './dto/clinic-response.dto';
import { UpdateClinicProfileDto } from './dto/update-clinic-profile.dto';

@ApiTags('clinics')
@ApiBearerAuth()
@Controller('api/clinics/:clinicId')
export class ClinicProfileController {
  constructor(private readonly profiles: ClinicProfileService) {}

  @Get()
  @ApiOperation({ summary: 'The clinic\'s profile and booking settings, with figures read from its own database' })
  @ApiOkResponse({ type: ClinicWithFiguresDto })
  get(@Param('clinicId', new ParseUUIDPipe()) clinicId: string): Promise<ClinicWithFiguresDto> {
    return this.profiles.get(clinicId);
  }

  @Patch()
  @ApiOperation({ summary: 'Edit the clinic\'s profile (the seed\'s fields) and its booking settings' })
  @ApiOkResponse({ type: ClinicWithFiguresDto })
  update(@Param('clinicId', new ParseUUIDPipe()) clinicId: string, @Body() body: UpdateClinicProfileDto, @Actor() actor: RequestActor): Promise<ClinicWithFiguresDto> {
    return this.profiles.update(clinicId, body, actor);
  }
}
