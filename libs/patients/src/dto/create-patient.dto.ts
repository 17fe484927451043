import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDateString, IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';

/**
 * A new patient. Phone numbers are stored in E.164; those without +prefix are read in the clinic's country. The optional
 * fields are nullable: null leaves (or, in a change, makes) them empty.
 */
export class CreatePatientDto {
  @ApiPropertyOptional({ example: 'Marie', nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  first_name?: string;

  @ApiPropertyOptional({ example: 'Dupont', nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  last_name?: string;

  @ApiProperty({ example: '+33 6 12 34 56 78', description: 'Unique in the clinic; stored in E.164' })
  @IsString()
  @Length(3, 32)
  phone!: string;

  @ApiPropertyOptional({ example: 'marie.dupont@example.org', nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '1985-04-12', description: 'YYYY-MM-DD, not in the future', nullable: true })
  @IsOptional()
  @IsDateString({ strict: true, strictSeparator: true })
  @Length(10, 10, { message: 'birth_date must be a date as YYYY-MM-DD' })
  birth_date?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsBoolean()
  has_social_insurance?: boolean;

  @ApiPropertyOptional({ example: 'CPAM', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  social_insurance_type?: string;

  @ApiPropertyOptional({ example: '1850475123456', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  beneficiary_number?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  guarantee_number?: string;
}
