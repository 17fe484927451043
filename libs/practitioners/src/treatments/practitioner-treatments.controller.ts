import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestActor } from '@sophie/auth';
import { PractitionerTreatmentsDto, ReplacePractitionerTreatmentsDto } from './practitioner-treatments.dto';
import { PractitionerTreatmentsService } from './practitioner-treatments.service';

@ApiTags('practitioners')
@ApiBearerAuth()
@Controller('api/clinics/:clinicId/practitioners/:practitionerId/treatments')
export class PractitionerTreatmentsController {
  constructor(private readonly offers: PractitionerTreatmentsService) {}

  @Get()
  @ApiOperation({ summary: 'The treatments a practitioner offers, with the duration that applies to them' })
  @ApiOkResponse({ type: PractitionerTreatmentsDto })
  async list(@Param('practitionerId', new ParseUUIDPipe()) practitionerId: string): Promise<PractitionerTreatmentsDto> {
    return { treatments: await this.offers.list(practitionerId) };
  }

  @Put()
  @ApiOperation({
    summary: 'Replace the whole list of treatments a practitioner offers',
    description: 'In one transaction. The same treatment twice: 400 DUPLICATE_TREATMENT; a treatment the clinic does not have: 404 TREATMENT_NOT_FOUND; either way nothing changes.',
  })
  @ApiOkResponse({ type: PractitionerTreatmentsDto })
  async replace(
    @Param('practitionerId', new ParseUUIDPipe()) practitionerId: string,
    @Body() body: ReplacePractitionerTreatmentsDto,
    @Actor() actor: RequestActor,
  ): Promise<PractitionerTreatmentsDto> {
    return { treatments: await this.offers.replace(practitionerId, body, actor) };
  }
}
