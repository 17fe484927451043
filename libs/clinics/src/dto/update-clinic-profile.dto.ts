import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { IsOptionalNotNull } from '@sophie/common';
import { UpdateClinicSettingsDto } from '@sophie/settings';
import { CreateClinicDto } from './create-clinic.dto';

/** PATCH /api/clinics/:clinicId by the clinic's own admin: its profile and its booking settings. */
export class UpdateClinicProfileDto extends PartialType(CreateClinicDto) {
  @ApiPropertyOptional({ type: UpdateClinicSettingsDto })
  @IsOptionalNotNull()
  @ValidateNested()
  @Type(() => UpdateClinicSettingsDto)
  settings?: UpdateClinicSettingsDto;
}
