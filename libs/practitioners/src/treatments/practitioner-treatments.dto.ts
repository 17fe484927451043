import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsUUID, Max, Min, ValidateNested } from 'class-validator';
import type { LocalizedName } from './treatment.entity';
import { LOCALIZED_NAME_SCHEMA } from './create-treatment.dto';

/** One treatment a practitioner offers, as the body of a replacement names it. */
export class OfferedTreatmentDto {
  @ApiProperty({ format: 'uuid', description: 'A treatment of this clinic' })
  @IsUUID()
  treatment_id!: string;

  @ApiPropertyOptional({ minimum: 5, maximum: 720, nullable: true, type: Number, example: 45, description: 'This practitioner\'s own duration; absent or null: the treatment\'s' })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(720)
  duration_minutes?: number | null;
}

/** The whole list of treatments a practitioner offers; replaces the previous list. */
export class ReplacePractitionerTreatmentsDto {
  @ApiProperty({ type: [OfferedTreatmentDto], description: 'Every treatment offered, each once; an empty list offers none' })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => OfferedTreatmentDto)
  treatments!: OfferedTreatmentDto[];
}

/** A treatment a practitioner offers, with the duration that applies to them. */
export class PractitionerTreatmentDto {
  @ApiProperty({ format: 'uuid' }) treatment_id!: string;
  @ApiProperty(LOCALIZED_NAME_SCHEMA) name!: LocalizedName;
  @ApiProperty({ example: 45, description: 'The duration that applies: the practitioner\'s own, else the treatment\'s' }) duration_minutes!: number;
  @ApiProperty({ nullable: true, type: Number, example: 45, description: 'The practitioner\'s own duration; null: the treatment\'s' }) custom_duration_minutes!: number | null;
  @ApiProperty({ example: 30, description: 'The treatment\'s own duration' }) treatment_duration_minutes!: number;
  @ApiProperty({ description: 'Whether the treatment itself is active' }) is_active!: boolean;
}

export class PractitionerTreatmentsDto {
  @ApiProperty({ type: [PractitionerTreatmentDto] }) treatments!: PractitionerTreatmentDto[];
}
