import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestActor } from '@sophie/auth';
import { CreatePatientDto } from './dto/create-patient.dto';
import { ListPatientsQueryDto } from './dto/list-patients-query.dto';
import { PatientDto, PatientPageDto } from './dto/patient-response.dto';
import { UpdatePatientDto } from './dto/update-patient.dto';
import { PatientsService } from './patients.service';

@ApiTags('patients')
@ApiBearerAuth()
@Controller('api/clinics/:clinicId/patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Get()
  @ApiOperation({ summary: 'Search patients by name or phone, a page at a time' })
  @ApiOkResponse({ type: PatientPageDto })
  async list(@Query() query: ListPatientsQueryDto, @Actor() actor: RequestActor): Promise<PatientPageDto> {
    const page = await this.patients.list(query, actor);
    return { ...page, items: page.items.map((p) => PatientDto.from(p)) };
  }

  @Get(':patientId')
  @ApiOkResponse({ type: PatientDto })
  async get(@Param('patientId', new ParseUUIDPipe()) id: string, @Actor() actor: RequestActor): Promise<PatientDto> {
    return PatientDto.from(await this.patients.get(id, actor));
  }

  @Post()
  @ApiCreatedResponse({ type: PatientDto })
  async create(@Body() body: CreatePatientDto, @Actor() actor: RequestActor): Promise<PatientDto> {
    return PatientDto.from(await this.patients.create(body, actor));
  }

  @Patch(':patientId')
  @ApiOkResponse({ type: PatientDto })
  async update(@Param('patientId', new ParseUUIDPipe()) id: string, @Body() body: UpdatePatientDto, @Actor() actor: RequestActor): Promise<PatientDto> {
    return PatientDto.from(await this.patients.update(id, body, actor));
  }
}
