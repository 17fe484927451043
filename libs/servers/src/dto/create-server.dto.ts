import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

/** Capacities above this are a typing mistake, not a plan. */
export const MAX_SERVER_CAPACITY = 100_000;

/** POST /api/superadmin/servers: a PostgreSQL server for clinic databases, checked before it is recorded. */
export class CreateServerDto {
  @ApiProperty({ description: 'A unique name for the server, used by the CLI', example: 'pg-paris-2' })
  @Matches(/^[a-z0-9][a-z0-9._-]{0,63}$/, { message: 'name must be 1 to 64 lowercase letters, digits, dots, dashes or underscores, starting with a letter or digit' })
  name!: string;

  @ApiProperty({ description: 'Host name or IP address the API reaches the server at', example: 'pg2.internal' })
  @Matches(/^[A-Za-z0-9._:-]{1,255}$/, { message: 'host must be a host name or an IP address' })
  host!: string;

  @ApiProperty({ description: 'TCP port', example: 5432 })
  @IsInt()
  @Min(1)
  @Max(65535)
  port!: number;

  @ApiProperty({ description: 'A role allowed to create databases and roles there (CREATEDB and CREATEROLE, or superuser)', example: 'sophie_admin' })
  @IsString()
  @Length(1, 63)
  admin_user!: string;

  @ApiProperty({ description: "That role's password: sealed before it is stored, never shown again", example: 'a-long-random-secret', writeOnly: true })
  @IsString()
  @Length(1, 1024)
  admin_password!: string;

  @ApiPropertyOptional({ description: 'How many clinic databases it should hold at most', example: 500, default: 1000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_SERVER_CAPACITY)
  capacity?: number;
}
