import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsUUID } from 'class-validator';
import { PaginationQueryDto } from '@sophie/common';

const toBoolean = ({ value }: { value: unknown }): unknown => (value === 'true' ? true : value === 'false' ? false : value);

export class ListConversationsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'Only conversations handed to staff (true) or held by the assistant (false)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  handed_off?: boolean;

  @ApiPropertyOptional({ description: 'Only conversations with patient messages staff have not read yet' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  unread?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: "Only the patient's conversations: linked to them, or written from their phone number" })
  @IsOptional()
  @IsUUID('all')
  patient_id?: string;
}
