import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { IsOptionalNotNull } from '../validation';
import { IsLocalizedName } from './localized-name.validator';
import type { LocalizedName } from './treatment.entity';
import { LOCALIZED_NAME_SCHEMA } from './create-treatment.dto';

/** A change to a treatment: what the body leaves out stays. A `name` replaces the whole object (every language). */
export class UpdateTreatmentDto {
  @ApiPropertyOptional({ ...LOCALIZED_NAME_SCHEMA, description: `${LOCALIZED_NAME_SCHEMA.description}. Replaces every language at once` })
  @IsOptionalNotNull()
  @IsLocalizedName()
  name?: LocalizedName;

  @ApiPropertyOptional({ minimum: 5, maximum: 720, example: 45, description: 'How long it lasts, unless a practitioner has their own duration' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(5)
  @Max(720)
  duration_minutes?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 240, example: 5, description: 'Preparation time blocked before the appointment' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(240)
  buffer_before_minutes?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 240, example: 10, description: 'Clean-up time blocked after the appointment' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(240)
  buffer_after_minutes?: number;

  @ApiPropertyOptional({ example: false, description: 'Inactive treatments cannot be booked' })
  @IsOptionalNotNull()
  @IsBoolean()
  is_active?: boolean;
}
