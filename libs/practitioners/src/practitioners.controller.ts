import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestActor } from '@sophie/auth';
import { CreatePractitionerDto } from './dto/create-practitioner.dto';
import { ListPractitionersQueryDto } from './dto/list-practitioners-query.dto';
import { PractitionerDetailDto, PractitionerDto, PractitionerPageDto } from './dto/practitioner-response.dto';
import { UpdatePractitionerDto } from './dto/update-practitioner.dto';
import { PractitionersService } from './practitioners.service';
import { PractitionerTreatmentsService } from './treatments/practitioner-treatments.service';
import { WorkingHoursService } from './working-hours/working-hours.service';

@ApiTags('practitioners')
@ApiBearerAuth()
@Controller('api/clinics/:clinicId/practitioners')
export class PractitionersController {
  constructor(
    private readonly practitioners: PractitionersService,
    private readonly offers: PractitionerTreatmentsService,
    private readonly hours: WorkingHoursService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List practitioners, a page at a time, by part of their name and by activity' })
  @ApiOkResponse({ type: PractitionerPageDto })
  async list(@Query() query: ListPractitionersQueryDto): Promise<PractitionerPageDto> {
    const page = await this.practitioners.list(query);
    return { ...page, items: page.items.map((p) => PractitionerDto.from(p)) };
  }

  @Get(':practitionerId')
  @ApiOperation({ summary: 'A practitioner, with the treatments they offer (and the duration that applies) and their working hours' })
  @ApiOkResponse({ type: PractitionerDetailDto })
  async get(@Param('practitionerId', new ParseUUIDPipe()) id: string): Promise<PractitionerDetailDto> {
    const practitioner = await this.practitioners.get(id);
    const [treatments, workingHours] = await Promise.all([this.offers.offers(id), this.hours.ranges(id)]);
    return { ...PractitionerDto.from(practitioner), treatments, working_hours: workingHours };
  }

  @Post()
  @ApiOperation({ summary: 'Add a practitioner' })
  @ApiCreatedResponse({ type: PractitionerDto })
  async create(@Body() body: CreatePractitionerDto, @Actor() actor: RequestActor): Promise<PractitionerDto> {
    return PractitionerDto.from(await this.practitioners.create(body, actor));
  }

  @Patch(':practitionerId')
  @ApiOperation({ summary: 'Change a practitioner; what the body leaves out stays' })
  @ApiOkResponse({ type: PractitionerDto })
  async update(@Param('practitionerId', new ParseUUIDPipe()) id: string, @Body() body: UpdatePractitionerDto, @Actor() actor: RequestActor): Promise<PractitionerDto> {
    return PractitionerDto.from(await this.practitioners.update(id, body, actor));
  }

  @Delete(':practitionerId')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Deactivate a practitioner',
    description:
      'Sets is_active to false rather than deleting: appointments reference practitioners, so the record stays. ' +
      'An inactive practitioner is no longer offered for booking; PATCH is_active=true brings them back.',
  })
  @ApiOkResponse({ type: PractitionerDto, description: 'The practitioner, now inactive' })
  async deactivate(@Param('practitionerId', new ParseUUIDPipe()) id: string, @Actor() actor: RequestActor): Promise<PractitionerDto> {
    return PractitionerDto.from(await this.practitioners.deactivate(id, actor));
  }
}
