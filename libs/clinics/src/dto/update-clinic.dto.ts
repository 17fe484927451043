import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean } from 'class-validator';
import { IsOptionalNotNull } from '@sophie/common';
import { CreateClinicDto } from './create-clinic.dto';

/** PATCH /api/superadmin/clinics/:clinicId: any profile field, and suspend (false) or reactivate (true). */
export class UpdateClinicDto extends PartialType(CreateClinicDto) {
  @ApiPropertyOptional({ description: 'false suspends the clinic (its data is kept, the API refuses it); true reactivates it' })
  @IsOptionalNotNull()
  @IsBoolean()
  is_active?: boolean;
}
