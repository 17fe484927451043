import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, ValidateNested } from 'class-validator';
import { UpdateClinicSettingsDto } from '@sophie/settings';
import { CreateClinicDto } from './create-clinic.dto';

/** PATCH /api/clinics/:clinicId by the clinic's own admin: its profile and its booking settings. */
export class UpdateClinicProfileDto extends PartialType(CreateClinicDto) {
  @ApiPropertyOptional({ type: UpdateClinicSettingsDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => UpdateClinicSettingsDto)
  settings?: UpdateClinicSettingsDto;
}
