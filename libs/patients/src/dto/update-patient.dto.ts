import { ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { IsOptionalNotNull } from '@sophie/common';
import { CreatePatientDto } from './create-patient.dto';

/** A change to a patient; every field optional. The phone may be changed, never removed: every patient has one. */
export class UpdatePatientDto extends PartialType(OmitType(CreatePatientDto, ['phone'] as const)) {
  @ApiPropertyOptional({ example: '+33 6 12 34 56 78', description: 'Unique in the clinic; stored in E.164' })
  @IsOptionalNotNull()
  @IsString()
  @Length(3, 32)
  phone?: string;
}
