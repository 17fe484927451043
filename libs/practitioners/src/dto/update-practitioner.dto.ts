import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';
import { IsOptionalNotNull } from '../validation';

/** A change to a practitioner: what the body leaves out stays; `first_name` and `specialty` may be set to null. */
export class UpdatePractitionerDto {
  @ApiPropertyOptional({ example: 'Claire', nullable: true, type: String, description: 'Given name; null clears it' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  first_name?: string | null;

  @ApiPropertyOptional({ example: 'Martin', description: 'Family name' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 100)
  last_name?: string;

  @ApiPropertyOptional({ example: 'Orthodontist', nullable: true, type: String, description: 'Null clears it' })
  @IsOptional()
  @IsString()
  @Length(1, 120)
  specialty?: string | null;

  @ApiPropertyOptional({ example: 'primary', description: 'The Google calendar kept in step; `primary` is the account\'s main calendar' })
  @IsOptionalNotNull()
  @IsString()
  @Length(1, 255)
  google_calendar_id?: string;

  @ApiPropertyOptional({ example: false, description: 'Inactive practitioners are not offered for booking' })
  @IsOptionalNotNull()
  @IsBoolean()
  is_active?: boolean;
}
