import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '@sophie/common';

export class ListPatientsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'Part of a name, or digits of a phone number', example: 'dupont' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}
