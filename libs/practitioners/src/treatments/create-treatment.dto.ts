import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { IsOptionalNotNull } from '../validation';
import { IsLocalizedName } from './localized-name.validator';
import type { LocalizedName } from './treatment.entity';

export const LOCALIZED_NAME_SCHEMA = {
  type: 'object',
  additionalProperties: { type: 'string', minLength: 1, maxLength: 120 },
  example: { fr: 'Détartrage', en: 'Scaling' },
  description: 'The name in each language the clinic writes it in: lowercase ISO 639-1 code (fr, en, de, it, es, pt, nl, ar…) → text of 1 to 120 characters',
} as const;

/** A new treatment. */
export class CreateTreatmentDto {
  @ApiProperty(LOCALIZED_NAME_SCHEMA)
  @IsLocalizedName()
  name!: LocalizedName;

  @ApiProperty({ minimum: 5, maximum: 720, example: 30, description: 'How long it lasts, unless a practitioner has their own duration' })
  @IsInt()
  @Min(5)
  @Max(720)
  duration_minutes!: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 240, default: 0, example: 5, description: 'Preparation time blocked before the appointment' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(240)
  buffer_before_minutes?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: 240, default: 0, example: 10, description: 'Clean-up time blocked after the appointment' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(240)
  buffer_after_minutes?: number;

  @ApiPropertyOptional({ default: true, example: true, description: 'Inactive treatments cannot be booked' })
  @IsOptionalNotNull()
  @IsBoolean()
  is_active?: boolean;
}
