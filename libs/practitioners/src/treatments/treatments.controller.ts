import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestActor } from '@sophie/auth';
import { CreateTreatmentDto } from './create-treatment.dto';
import { ListTreatmentsQueryDto } from './list-treatments-query.dto';
import { TreatmentDto, TreatmentPageDto } from './treatment-response.dto';
import { UpdateTreatmentDto } from './update-treatment.dto';
import { TreatmentsService } from './treatments.service';

@ApiTags('treatments')
@ApiBearerAuth()
@Controller('api/clinics/:clinicId/treatments')
export class TreatmentsController {
  constructor(private readonly treatments: TreatmentsService) {}

  @Get()
  @ApiOperation({ summary: 'List treatments, a page at a time, oldest first' })
  @ApiOkResponse({ type: TreatmentPageDto })
  async list(@Query() query: ListTreatmentsQueryDto): Promise<TreatmentPageDto> {
    const page = await this.treatments.list(query);
    return { ...page, items: page.items.map((t) => TreatmentDto.from(t)) };
  }

  @Get(':treatmentId')
  @ApiOperation({ summary: 'A treatment' })
  @ApiOkResponse({ type: TreatmentDto })
  async get(@Param('treatmentId', new ParseUUIDPipe()) id: string): Promise<TreatmentDto> {
    return TreatmentDto.from(await this.treatments.get(id));
  }

  @Post()
  @ApiOperation({ summary: 'Add a treatment' })
  @ApiCreatedResponse({ type: TreatmentDto })
  async create(@Body() body: CreateTreatmentDto, @Actor() actor: RequestActor): Promise<TreatmentDto> {
    return TreatmentDto.from(await this.treatments.create(body, actor));
  }

  @Patch(':treatmentId')
  @ApiOperation({ summary: 'Change a treatment; what the body leaves out stays, a name replaces every language' })
  @ApiOkResponse({ type: TreatmentDto })
  async update(@Param('treatmentId', new ParseUUIDPipe()) id: string, @Body() body: UpdateTreatmentDto, @Actor() actor: RequestActor): Promise<TreatmentDto> {
    return TreatmentDto.from(await this.treatments.update(id, body, actor));
  }

  @Delete(':treatmentId')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Deactivate a treatment',
    description: 'Sets is_active to false rather than deleting: appointments reference treatments, so the record stays. It can no longer be booked.',
  })
  @ApiOkResponse({ type: TreatmentDto, description: 'The treatment, now inactive' })
  async deactivate(@Param('treatmentId', new ParseUUIDPipe()) id: string, @Actor() actor: RequestActor): Promise<TreatmentDto> {
    return TreatmentDto.from(await this.treatments.deactivate(id, actor));
  }
}
