import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class StaffReplyDto {
  @ApiProperty({ example: 'Bonjour, votre rendez-vous est confirmé.', description: 'Text sent on WhatsApp (Meta allows 4096 characters)' })
  @IsString()
  @Length(1, 4096)
  @Matches(/\S/, { message: 'text must not be blank' })
  text!: string;
}
