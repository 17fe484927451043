import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, Max, Min, ValidateNested } from 'class-validator';
import { IsLocalTime } from '../validation';

/** One working range on a weekday, local wall-clock time in the clinic's zone. */
export class WorkingHoursRangeDto {
  @ApiProperty({ minimum: 1, maximum: 7, example: 1, description: 'ISO weekday: 1 = Monday … 7 = Sunday' })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday!: number;

  @ApiProperty({ example: '09:00', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'Start, HH:mm' })
  @IsLocalTime()
  start!: string;

  @ApiProperty({ example: '12:30', pattern: '^(([01]\\d|2[0-3]):[0-5]\\d|24:00)$', description: 'End, HH:mm after the start; 24:00 for the end of the day' })
  @IsLocalTime({ endOfDay: true })
  end!: string;
}

/** A practitioner's whole week. Several ranges a day; the gaps between them are breaks. */
export class WorkingHoursDto {
  @ApiProperty({
    type: [WorkingHoursRangeDto],
    description: 'Every working range of the week, none overlapping another of the same weekday; an empty list: never working. Answered by weekday then start',
    example: [
      { weekday: 1, start: '09:00', end: '12:30' },
      { weekday: 1, start: '14:00', end: '18:00' },
    ],
  })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => WorkingHoursRangeDto)
  ranges!: WorkingHoursRangeDto[];
}
