import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Actor, RequestActor } from '@sophie/auth';
import { PatientsService } from '@sophie/patients';
import { TenantConnectionProvider } from '@sophie/tenancy';
import { AppointmentDto, AppointmentPageDto } from '../dto/appointment-response.dto';
import { CancelAppointmentDto, CreateAppointmentDto, ListAppointmentsQueryDto, RescheduleAppointmentDto } from '../dto/appointment-requests.dto';
import { AppointmentEntity, AppointmentStatus } from './appointment.entity';
import { AppointmentsService } from './appointments.service';

const TAKEN = 'SLOT_TAKEN: the time is held by another appointment; details.alternatives lists the nearest free ones';
const NOT_OFFERED = 'SLOT_NOT_OFFERED: outside hours, closed, too soon, too far or off the grid; details.alternatives lists free ones';

@ApiTags('appointments')
@ApiBearerAuth()
@Controller('api/clinics/:clinicId/appointments')
export class AppointmentsController {
  constructor(
    private readonly appointments: AppointmentsService,
    private readonly tenant: TenantConnectionProvider,
    private readonly patients: PatientsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Appointments by period, practitioner, patient or status, in start order' })
  @ApiOkResponse({ type: AppointmentPageDto })
  async list(@Query() query: ListAppointmentsQueryDto): Promise<AppointmentPageDto> {
    const page = await this.appointments.list({
      limit: query.limit,
      offset: query.offset,
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
      practitionerId: query.practitioner_id,
      patientId: query.patient_id,
      status: query.status,
    });
    const zone = await this.tenant.timeZone();
    const names = await this.patients.namesOf(page.items.flatMap((a) => (a.patientId ? [a.patientId] : [])));
    return { ...page, items: page.items.map((a) => AppointmentDto.from(a, zone, a.patientId ? (names.get(a.patientId) ?? null) : null)) };
  }

  @Get(':appointmentId')
  @ApiOkResponse({ type: AppointmentDto })
  async get(@Param('appointmentId', new ParseUUIDPipe()) id: string): Promise<AppointmentDto> {
    return this.dto(this.appointments.get(id));
  }

  @Post()
  @ApiOperation({ summary: 'Book a slot the slots route offers' })
  @ApiCreatedResponse({ type: AppointmentDto })
  @ApiConflictResponse({ description: TAKEN })
  @ApiUnprocessableEntityResponse({ description: NOT_OFFERED })
  async create(@Body() body: CreateAppointmentDto, @Actor() actor: RequestActor): Promise<AppointmentDto> {
    const booking = { patientId: body.patient_id, treatmentId: body.treatment_id, practitionerId: body.practitioner_id, start: new Date(body.start), notes: body.notes };
    return this.dto(this.appointments.book(booking, actor));
  }

  @Post(':appointmentId/reschedule')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AppointmentDto })
  @ApiConflictResponse({ description: TAKEN })
  @ApiUnprocessableEntityResponse({ description: NOT_OFFERED })
  async reschedule(@Param('appointmentId', new ParseUUIDPipe()) id: string, @Body() body: RescheduleAppointmentDto, @Actor() actor: RequestActor): Promise<AppointmentDto> {
    return this.dto(this.appointments.reschedule(id, { start: new Date(body.start), practitionerId: body.practitioner_id }, actor));
  }

  @Post(':appointmentId/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: AppointmentDto })
  async cancel(@Param('appointmentId', new ParseUUIDPipe()) id: string, @Body() body: CancelAppointmentDto, @Actor() actor: RequestActor): Promise<AppointmentDto> {
    return this.dto(this.appointments.cancel(id, body.reason, actor));
  }

  @Post(':appointmentId/complete')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark an appointment that has started as completed' })
  @ApiOkResponse({ type: AppointmentDto })
  async complete(@Param('appointmentId', new ParseUUIDPipe()) id: string, @Actor() actor: RequestActor): Promise<AppointmentDto> {
    return this.dto(this.appointments.close(id, AppointmentStatus.Completed, actor));
  }

  @Post(':appointmentId/no-show')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark an appointment that has started as a no-show' })
  @ApiOkResponse({ type: AppointmentDto })
  async noShow(@Param('appointmentId', new ParseUUIDPipe()) id: string, @Actor() actor: RequestActor): Promise<AppointmentDto> {
    return this.dto(this.appointments.close(id, AppointmentStatus.NoShow, actor));
  }

  private async dto(appointment: Promise<AppointmentEntity>): Promise<AppointmentDto> {
    const [entity, zone] = await Promise.all([appointment, this.tenant.timeZone()]);
    const names = await this.patients.namesOf(entity.patientId ? [entity.patientId] : []);
    return AppointmentDto.from(entity, zone, entity.patientId ? (names.get(entity.patientId) ?? null) : null);
  }
}
