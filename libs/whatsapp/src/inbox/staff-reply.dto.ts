import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';

export class StaffTemplateDto {
  @ApiProperty({ example: 'rappel_rendez_vous', description: 'An approved template of the clinic\'s WhatsApp account' })
  @Matches(/^[a-z0-9_]{1,512}$/, { message: 'name must be a template name (lower case, digits, underscores)' })
  name!: string;

  @ApiProperty({ example: 'fr', description: 'The template\'s language code' })
  @Matches(/^[a-z]{2,3}(_[A-Z]{2})?$/, { message: 'language_code must look like fr or en_US' })
  language_code!: string;

  @ApiPropertyOptional({ type: [String], example: ['Marie', 'lundi 23 novembre'], description: 'Body parameters {{1}}, {{2}}…' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @Length(1, 1024, { each: true })
  parameters?: string[];
}

/** A staff reply: free text within 24 hours of the patient's last message, a template otherwise. */
export class StaffReplyDto {
  @ApiPropertyOptional({ example: 'Bonjour, votre rendez-vous est confirmé.', description: 'Text sent on WhatsApp (Meta allows 4096 characters)' })
  @IsOptional()
  @IsString()
  @Length(1, 4096)
  @Matches(/\S/, { message: 'text must not be blank' })
  text?: string;

  @ApiPropertyOptional({ type: StaffTemplateDto, description: 'Required once the 24-hour window is closed' })
  @IsOptional()
  @ValidateNested()
  @Type(() => StaffTemplateDto)
  template?: StaffTemplateDto;
}
