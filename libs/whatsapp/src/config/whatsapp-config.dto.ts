import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches, registerDecorator } from 'class-validator';

/** `PUT /whatsapp`: the whole configuration. Secrets may be left out to keep the stored ones (after the first PUT). */
export class PutWhatsAppConfigDto {
  @ApiProperty({ example: '106540352242922', description: 'Meta phone number id; belongs to one clinic only' })
  @Matches(/^[0-9]{1,64}$/, { message: 'phone_number_id must be Meta\'s numeric phone number id' })
  phone_number_id!: string;

  @ApiPropertyOptional({ description: 'Write-only: the token Meta echoes when verifying the webhook', example: 'a-long-random-verify-token' })
  @IsOptional()
  @IsString()
  @Length(8, 256)
  verify_token?: string;

  @ApiPropertyOptional({ description: 'Write-only: a permanent (system user) access token', example: 'EAAG…' })
  @IsOptional()
  @IsString()
  @Length(20, 2048)
  @Matches(/^\S+$/, { message: 'access_token must not contain spaces' })
  access_token?: string;

  @ApiPropertyOptional({ description: 'Write-only: Meta\'s app secret, which signs the webhooks (X-Hub-Signature-256)', example: '5f2b…' })
  @IsOptional()
  @IsString()
  @Length(16, 256)
  webhook_secret?: string;

  @ApiPropertyOptional({ example: 'v21.0', default: 'v21.0' })
  @IsOptional()
  @Matches(/^v[0-9]{1,3}\.[0-9]{1,2}$/, { message: 'api_version must look like v21.0' })
  api_version?: string;

  @ApiPropertyOptional({ enum: ['meta'], default: 'meta' })
  @IsOptional()
  @IsIn(['meta'])
  provider?: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({
    example: { fr: 'rappel_rdv', en: 'appointment_reminder' },
    description: 'Approved reminder template per language (body {{1}} treatment, {{2}} practitioner, {{3}} date, {{4}} time; quick replies confirm, cancel)',
  })
  @IsOptional()
  @IsReminderTemplates()
  reminder_templates?: Record<string, string>;
}

/** `{ "<2-letter language>": "<template_name>" }`, at most 10 entries. */
function IsReminderTemplates(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isReminderTemplates',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'reminder_templates must map 2-letter language codes to template names (lower case, digits, underscores)' },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= 10 &&
          Object.entries(value).every(([language, name]) => /^[a-z]{2}$/.test(language) && typeof name === 'string' && /^[a-z0-9_]{1,512}$/.test(name)),
      },
    });
  };
}

export class SecretHintDto {
  @ApiProperty() is_set!: boolean;
  @ApiProperty({ nullable: true, type: String, example: '9f3a', description: 'Last 4 characters' }) last4!: string | null;
}

export class WhatsAppConfigDto {
  @ApiProperty({ description: 'False until the clinic has a configuration' }) configured!: boolean;
  @ApiProperty({ nullable: true, type: String }) phone_number_id!: string | null;
  @ApiProperty({ type: SecretHintDto }) verify_token!: SecretHintDto;
  @ApiProperty({ type: SecretHintDto }) access_token!: SecretHintDto;
  @ApiProperty({ type: SecretHintDto }) webhook_secret!: SecretHintDto;
  @ApiProperty({ nullable: true, type: String, example: 'v21.0' }) api_version!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'meta' }) provider!: string | null;
  @ApiProperty() is_active!: boolean;
  @ApiProperty({ description: 'Meta refused the access token: enter a new one' }) needs_new_token!: boolean;
  @ApiProperty({ type: Object, example: { fr: 'rappel_rdv' }, description: 'Reminder template per language' }) reminder_templates!: Record<string, string>;
  @ApiProperty({ example: '/webhook/whatsapp/6b0c…', description: 'The callback URL path to paste into Meta (prefix it with the public origin)' })
  webhook_path!: string;
}
