import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, RequestActor, Roles } from '@sophie/auth';
import { UserRole } from '@sophie/registry';
import { ClinicListDto, ClinicResponseDto } from './dto/clinic-response.dto';
import { ClinicUserDto, CreateClinicUserDto, UpdateClinicUserDto } from './dto/clinic-user.dto';
import { CreateClinicDto } from './dto/create-clinic.dto';
import { DecommissionClinicDto } from './dto/decommission-clinic.dto';
import { ListClinicsQueryDto } from './dto/list-clinics-query.dto';
import { UpdateClinicDto } from './dto/update-clinic.dto';
import { ClinicLifecycleService } from './clinic-lifecycle.service';
import { SuperadminClinicsService } from './superadmin-clinics.service';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('superadmin')
@ApiBearerAuth()
@Roles(UserRole.SuperAdmin)
@Controller('api/superadmin/clinics')
export class SuperadminClinicsController {
  constructor(
    private readonly clinics: SuperadminClinicsService,
    private readonly lifecycle: ClinicLifecycleService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Provision a clinic: its own database and role, then its registry record' })
  @ApiCreatedResponse({ type: ClinicResponseDto })
  async create(@Body() body: CreateClinicDto, @Actor() actor: RequestActor): Promise<ClinicResponseDto> {
    return ClinicResponseDto.from(await this.clinics.create(body, actor));
  }

  @Get()
  @ApiOperation({ summary: 'List clinics, newest first' })
  @ApiOkResponse({ type: ClinicListDto })
  async list(@Query() query: ListClinicsQueryDto): Promise<ClinicListDto> {
    const { items, total } = await this.clinics.list(query);
    return { items: items.map((c) => ClinicResponseDto.from(c)), total, limit: query.limit, offset: query.offset };
  }

  @Get(':clinicId')
  @ApiOkResponse({ type: ClinicResponseDto })
  async get(@Param('clinicId', uuid) clinicId: string): Promise<ClinicResponseDto> {
    return ClinicResponseDto.from(await this.clinics.get(clinicId));
  }

  @Patch(':clinicId')
  @ApiOperation({ summary: 'Edit a clinic\'s profile; is_active false suspends it, true reactivates it' })
  @ApiOkResponse({ type: ClinicResponseDto })
  async update(@Param('clinicId', uuid) clinicId: string, @Body() body: UpdateClinicDto, @Actor() actor: RequestActor): Promise<ClinicResponseDto> {
    return ClinicResponseDto.from(await this.clinics.update(clinicId, body, actor));
  }

  @Post(':clinicId/decommission')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Decommission a suspended clinic: a verified final export, then its database and role dropped, its users disabled; a tombstone stays',
  })
  @ApiOkResponse({ type: ClinicResponseDto })
  async decommission(@Param('clinicId', uuid) clinicId: string, @Body() body: DecommissionClinicDto, @Actor() actor: RequestActor): Promise<ClinicResponseDto> {
    return ClinicResponseDto.from(await this.lifecycle.decommission(clinicId, body.confirm_name, actor));
  }

  @Post(':clinicId/users')
  @ApiOperation({ summary: 'Create an ADMIN user of this clinic' })
  @ApiCreatedResponse({ type: ClinicUserDto })
  async createUser(@Param('clinicId', uuid) clinicId: string, @Body() body: CreateClinicUserDto, @Actor() actor: RequestActor): Promise<ClinicUserDto> {
    return ClinicUserDto.from(await this.clinics.createUser(clinicId, body.username, body.password, actor));
  }

  @Get(':clinicId/users')
  @ApiOkResponse({ type: [ClinicUserDto] })
  async listUsers(@Param('clinicId', uuid) clinicId: string): Promise<ClinicUserDto[]> {
    return (await this.clinics.listUsers(clinicId)).map((u) => ClinicUserDto.from(u));
  }

  @Patch(':clinicId/users/:userId')
  @ApiOperation({ summary: 'Disable or re-enable a clinic admin' })
  @ApiOkResponse({ type: ClinicUserDto })
  async updateUser(
    @Param('clinicId', uuid) clinicId: string,
    @Param('userId', uuid) userId: string,
    @Body() body: UpdateClinicUserDto,
    @Actor() actor: RequestActor,
  ): Promise<ClinicUserDto> {
    return ClinicUserDto.from(await this.clinics.setUserDisabled(clinicId, userId, body.disabled, actor));
  }
}
