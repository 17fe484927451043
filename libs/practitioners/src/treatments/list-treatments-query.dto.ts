import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';
import { PaginationQueryDto } from '@sophie/common';
import { ToBoolean } from '../validation';

export class ListTreatmentsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'Only active (true) or only inactive (false) treatments; both when absent', example: true })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  active?: boolean;
}
