import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { PaginationQueryDto } from '@sophie/common';
import { ClinicStatus } from '@sophie/registry';

export class ListClinicsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ enum: ClinicStatus })
  @IsOptional()
  @IsEnum(ClinicStatus)
  status?: ClinicStatus;
}
