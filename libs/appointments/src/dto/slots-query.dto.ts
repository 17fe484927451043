import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { IsInstantOrLocalDate } from '@sophie/common';

/** `GET /slots`: the parameter names are the ones the product defined (camelCase). */
export class SlotsQueryDto {
  @ApiProperty({ format: 'uuid', description: 'The treatment to book' })
  @IsUUID()
  treatmentId!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Absent: every active practitioner who offers the treatment ("first available")' })
  @IsOptional()
  @IsUUID()
  practitionerId?: string;

  @ApiPropertyOptional({
    example: '2026-03-30',
    description: 'Start of the window: a date (its local midnight in the clinic\'s zone) or a date-time with offset. Default: now',
  })
  @IsOptional()
  @IsInstantOrLocalDate()
  from?: string;

  @ApiPropertyOptional({
    example: '2026-04-05',
    description: 'End of the window: a date (included whole) or a date-time with offset (excluded). Default: 7 days after from. At most 92 days after from',
  })
  @IsOptional()
  @IsInstantOrLocalDate()
  to?: string;
}

export class SlotDto {
  @ApiProperty({ example: '2026-03-30T09:00:00+02:00', description: 'In the clinic\'s UTC offset' }) start!: string;
  @ApiProperty({ example: '2026-03-30T09:30:00+02:00' }) end!: string;
  @ApiProperty({ type: [String], description: 'Practitioners free then, in the order booking tries them' }) practitioner_ids!: string[];
}

export class SlotsResponseDto {
  @ApiProperty({ example: 'Europe/Paris' }) time_zone!: string;
  @ApiProperty({ format: 'uuid' }) treatment_id!: string;
  @ApiProperty({ example: '2026-03-30T00:00:00+02:00' }) from!: string;
  @ApiProperty({ example: '2026-04-06T00:00:00+02:00' }) to!: string;
  @ApiProperty({ type: [SlotDto] }) slots!: SlotDto[];
  @ApiProperty({ type: [String], description: 'Practitioners whose linked calendar could not be read: they offer no slots now' })
  unavailable_practitioner_ids!: string[];
}
