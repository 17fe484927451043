import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClinicProfileService } from './clinic-profile.service';
import { ClinicWithFiguresDto } from './dto/clinic-response.dto';

@ApiTags('clinics')
@ApiBearerAuth()
@Controller('api/clinics/:clinicId')
export class ClinicProfileController {
  constructor(private readonly profiles: ClinicProfileService) {}

  @Get()
  @ApiOperation({ summary: 'The clinic\'s profile with figures read from its own database' })
  @ApiOkResponse({ type: ClinicWithFiguresDto })
  get(@Param('clinicId', new ParseUUIDPipe()) clinicId: string): Promise<ClinicWithFiguresDto> {
    return this.profiles.get(clinicId);
  }
}
