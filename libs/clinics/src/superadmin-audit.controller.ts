import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@sophie/auth';
import { UserRole } from '@sophie/registry';
import { AuditLogService } from './audit-log.service';
import { AuditEntryDto, AuditPageDto, SuperadminAuditQueryDto } from './dto/audit.dto';

@ApiTags('superadmin')
@ApiBearerAuth()
@Roles(UserRole.SuperAdmin)
@Controller('api/superadmin/audit')
export class SuperadminAuditController {
  constructor(private readonly auditLog: AuditLogService) {}

  @Get()
  @ApiOperation({ summary: 'The whole audit log (every clinic and the registry-level entries), newest first; not itself audited' })
  @ApiOkResponse({ type: AuditPageDto })
  async list(@Query() query: SuperadminAuditQueryDto): Promise<AuditPageDto> {
    const page = await this.auditLog.allPage(query);
    return { ...page, items: page.items.map((e) => AuditEntryDto.from(e)) };
  }
}
