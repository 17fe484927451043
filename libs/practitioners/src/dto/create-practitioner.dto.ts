import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';
import { IsOptionalNotNull } from '../validation';

/** A new practitioner of the clinic. */
export class CreatePractitionerDto {
  @ApiPropertyOptional({ example: 'Claire', description: 'Given name', nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  first_name?: string;

  @ApiProperty({ example: 'Martin', description: 'Family name' })
  @IsString()
  @Length(1, 100)
  last_name!: string;

  @ApiPropertyOptional({ example: 'Orthodontist', description: 'Shown to patients when they choose', nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 120)
  specialty?: string;

  @ApiPropertyOptional({ example: 'primary', default: 'primary', description: 'The Google calendar kept in step; `primary` is the account\'s main calendar' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 255)
  google_calendar_id?: string;

  @ApiPropertyOptional({ example: true, default: true, description: 'Inactive practitioners are not offered for booking' })
  @IsOptionalNotNull()
  @IsBoolean()
  is_active?: boolean;
}
