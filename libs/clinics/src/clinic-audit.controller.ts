import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Roles } from '@sophie/auth';
import { UserRole } from '@sophie/registry';
import { AuditLogService } from './audit-log.service';
import { AuditEntryDto, AuditPageDto, AuditQueryDto } from './dto/audit.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Roles(UserRole.Admin, UserRole.SuperAdmin)
@Controller('api/clinics/:clinicId/audit')
export class ClinicAuditController {
  constructor(private readonly auditLog: AuditLogService) {}

  @Get()
  @ApiOperation({ summary: 'The clinic\'s audit log, newest first (read from the registry; not itself audited)' })
  @ApiOkResponse({ type: AuditPageDto })
  async list(@Param('clinicId', new ParseUUIDPipe()) clinicId: string, @Query() query: AuditQueryDto, @CurrentUser() caller: AuthUser): Promise<AuditPageDto> {
    const page = await this.auditLog.clinicPage(clinicId, query, caller);
    return { ...page, items: page.items.map((e) => AuditEntryDto.from(e)) };
  }
}
