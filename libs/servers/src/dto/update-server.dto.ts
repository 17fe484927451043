import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { IsOptionalNotNull } from '@sophie/common';
import { DatabaseServerStatus } from '@sophie/registry';
import { MAX_SERVER_CAPACITY } from './create-server.dto';

/** PATCH /api/superadmin/servers/:serverId: drain or reopen a server, or change its capacity. */
export class UpdateServerDto {
  @ApiPropertyOptional({
    enum: DatabaseServerStatus,
    description: 'draining: it keeps serving its clinics but takes no new ones; accepting: new clinics may be placed there again',
  })
  @IsOptionalNotNull()
  @IsIn(Object.values(DatabaseServerStatus))
  status?: DatabaseServerStatus;

  @ApiPropertyOptional({ description: 'How many clinic databases it should hold at most; below its current count it simply takes no more', example: 800 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(MAX_SERVER_CAPACITY)
  capacity?: number;
}
