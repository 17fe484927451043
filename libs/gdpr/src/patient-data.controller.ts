import { Controller, Delete, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestActor } from '@sophie/auth';
import { PatientErasureDto, PatientExportDto } from './patient-data.dto';
import { PatientDataService } from './patient-data.service';

@ApiTags('patients')
@ApiBearerAuth()
@Controller('api/clinics/:clinicId/patients/:patientId')
export class PatientDataController {
  constructor(private readonly data: PatientDataService) {}

  @Get('export')
  @ApiOperation({ summary: 'Everything held about the patient, as JSON (right of access and portability); audited' })
  @ApiOkResponse({ type: PatientExportDto })
  export(@Param('patientId', new ParseUUIDPipe()) id: string, @Actor() actor: RequestActor): Promise<PatientExportDto> {
    return this.data.export(id, actor);
  }

  @Delete()
  @ApiOperation({
    summary: 'Erase the patient (right to erasure): identity removed everywhere; appointment dates kept without identity; audited',
  })
  @ApiOkResponse({ type: PatientErasureDto })
  erase(@Param('patientId', new ParseUUIDPipe()) id: string, @Actor() actor: RequestActor): Promise<PatientErasureDto> {
    return this.data.erase(id, actor);
  }
}
