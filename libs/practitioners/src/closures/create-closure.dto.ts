import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsLocalDate, IsLocalTime, IsOptionalNotNull } from '../validation';

/**
 * A closure of the whole clinic (no practitioner) or an absence of one practitioner, in local wall-clock time:
 * from `starts_on` at `start_time` (absent: 00:00) to `ends_on` at `end_time` (absent: the end of that day).
 */
export class CreateClosureDto {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'The absent practitioner; absent or null: the whole clinic is closed' })
  @IsOptional()
  @IsUUID()
  practitioner_id?: string | null;

  @ApiProperty({ example: '2026-08-03', description: 'First day, YYYY-MM-DD (local)' })
  @IsLocalDate()
  starts_on!: string;

  @ApiProperty({ example: '2026-08-14', description: 'Last day, YYYY-MM-DD (local), on or after starts_on' })
  @IsLocalDate()
  ends_on!: string;

  @ApiPropertyOptional({ example: '14:00', description: 'Time the closure starts on starts_on, HH:mm; absent: 00:00' })
  @IsOptionalNotNull()
  @IsLocalTime()
  start_time?: string;

  @ApiPropertyOptional({ example: '18:00', description: 'Time the closure ends on ends_on, HH:mm (24:00 allowed); absent: the end of the day. After start_time when on the same day' })
  @IsOptionalNotNull()
  @IsLocalTime({ endOfDay: true })
  end_time?: string;

  @ApiPropertyOptional({ example: 'Summer holidays', maxLength: 200, nullable: true, type: String, description: 'Shown to staff only' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string | null;
}
