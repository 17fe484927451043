import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '@sophie/common';
import { ToBoolean } from '../validation';

export class ListPractitionersQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'Part of a first or last name', example: 'martin' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;

  @ApiPropertyOptional({ description: 'Only active (true) or only inactive (false) practitioners; both when absent', example: true })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  active?: boolean;
}
