import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { PaginationQueryDto } from '@sophie/common';
import { IsLocalDate } from '../validation';

export class ListClosuresQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ example: '2026-08-01', description: 'Only closures ending on or after this day, YYYY-MM-DD' })
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-08-31', description: 'Only closures starting on or before this day, YYYY-MM-DD' })
  @IsOptional()
  @IsLocalDate()
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this practitioner\'s absences and the closures of the whole clinic' })
  @IsOptional()
  @IsUUID()
  practitioner_id?: string;
}
