import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsISO6391, IsOptional, IsString, IsUrl, Length, Matches, MaxLength } from 'class-validator';
import { IsIanaTimeZone, IsOptionalNotNull } from '@sophie/common';

const URL_OPTIONS = { protocols: ['http', 'https'], require_protocol: true };

/** The seed's clinic form (POST /api/superadmin/clinics). The optional texts are nullable: null leaves (or makes) them empty. */
export class CreateClinicDto {
  @ApiProperty({ description: 'Clinic name', example: 'Clinique Dentaire du Centre' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ description: 'IANA time zone of the clinic; appointments are shown in it', example: 'Europe/Paris' })
  @IsIanaTimeZone()
  timezone!: string;

  @ApiPropertyOptional({ description: 'Public phone number', example: '+33 1 23 45 67 89', nullable: true })
  @IsOptional()
  @Matches(/^\+?[0-9 ().-]{6,40}$/, { message: 'phone must be a phone number such as +33 1 23 45 67 89' })
  phone?: string;

  @ApiPropertyOptional({ description: 'Postal address', example: '123 Avenue de la République, 75011 Paris', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  address?: string;

  @ApiPropertyOptional({ description: 'Contact e-mail', example: 'contact@clinique-centre.fr', nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ description: 'Website (http or https)', example: 'https://clinique-centre.fr', nullable: true })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2048)
  website?: string;

  @ApiPropertyOptional({ description: 'Opening hours as told to patients', example: 'Lundi-Vendredi: 9h-18h, Samedi: 9h-13h', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  opening_hours?: string;

  @ApiPropertyOptional({ description: 'Sent at once to a patient whose message signals an emergency', example: 'Pour les urgences, appelez le 15.', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  emergency_message?: string;

  @ApiPropertyOptional({ description: 'ISO 639-1 code of the language used when a patient\'s cannot be told', example: 'fr', default: 'fr' })
  @IsOptionalNotNull()
  @IsISO6391()
  default_language?: string;

  @ApiPropertyOptional({ description: 'Link to the clinic\'s onboarding form for new patients', example: 'https://forms.example.org/clinique', nullable: true })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2048)
  onboarding_form_url?: string;
}
