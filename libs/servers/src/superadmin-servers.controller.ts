import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Actor, RequestActor, Roles } from '@sophie/auth';
import { UserRole } from '@sophie/registry';
import { CreateServerDto } from './dto/create-server.dto';
import { ServerResponseDto } from './dto/server-response.dto';
import { UpdateServerDto } from './dto/update-server.dto';
import { ServersService } from './servers.service';

const uuid = new ParseUUIDPipe({ version: undefined });
const CHECK_FAILED =
  'The server failed its check (code DATABASE_SERVER_UNREACHABLE, _LOGIN_REFUSED, _ROLE_NOT_PRIVILEGED, _VERSION_UNSUPPORTED, _EXTENSIONS_MISSING or _CHECK_FAILED); the message names what is wrong';

@ApiTags('superadmin')
@ApiBearerAuth()
@Roles(UserRole.SuperAdmin)
@Controller('api/superadmin/servers')
export class SuperadminServersController {
  constructor(private readonly servers: ServersService) {}

  @Get()
  @ApiOperation({ summary: 'List the PostgreSQL servers that hold clinic databases, with their clinic counts and room' })
  @ApiOkResponse({ type: [ServerResponseDto] })
  async list(): Promise<ServerResponseDto[]> {
    return (await this.servers.list()).map((s) => ServerResponseDto.from(s));
  }

  @Post()
  @ApiOperation({ summary: 'Add a server: it is checked (reachable, admin may create databases and roles, PostgreSQL 13+), then recorded with its password sealed' })
  @ApiCreatedResponse({ type: ServerResponseDto })
  @ApiConflictResponse({ description: 'DATABASE_SERVER_NAME_TAKEN or DATABASE_SERVER_ADDRESS_TAKEN (same host and port)' })
  @ApiUnprocessableEntityResponse({ description: CHECK_FAILED })
  async add(@Body() body: CreateServerDto, @Actor() actor: RequestActor): Promise<ServerResponseDto> {
    const server = await this.servers.add(
      { name: body.name, host: body.host, port: body.port, adminUser: body.admin_user, adminPassword: body.admin_password, capacity: body.capacity },
      actor,
    );
    return ServerResponseDto.from(server);
  }

  @Get(':serverId')
  @ApiOkResponse({ type: ServerResponseDto })
  @ApiNotFoundResponse({ description: 'DATABASE_SERVER_NOT_FOUND' })
  async get(@Param('serverId', uuid) serverId: string): Promise<ServerResponseDto> {
    return ServerResponseDto.from(await this.servers.get(serverId));
  }

  @Patch(':serverId')
  @ApiOperation({ summary: 'Drain a server (it keeps its clinics, takes no new ones), reopen it, or change its capacity' })
  @ApiOkResponse({ type: ServerResponseDto })
  @ApiNotFoundResponse({ description: 'DATABASE_SERVER_NOT_FOUND' })
  async update(@Param('serverId', uuid) serverId: string, @Body() body: UpdateServerDto, @Actor() actor: RequestActor): Promise<ServerResponseDto> {
    return ServerResponseDto.from(await this.servers.update(serverId, { status: body.status, capacity: body.capacity }, actor));
  }
}
