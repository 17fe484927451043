import { ApiProperty } from '@nestjs/swagger';
import { hhmm } from '../booking-resources.service';
import type { ClosureEntity } from './closure.entity';

export class ClosureDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null: the whole clinic is closed' }) practitioner_id!: string | null;
  @ApiProperty({ example: '2026-08-03' }) starts_on!: string;
  @ApiProperty({ example: '2026-08-14' }) ends_on!: string;
  @ApiProperty({ nullable: true, type: String, example: '14:00', description: 'Null: from 00:00' }) start_time!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '18:00', description: 'Null: to the end of the day' }) end_time!: string | null;
  @ApiProperty({ description: 'True when the closure covers whole days (no times)' }) whole_days!: boolean;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty() created_at!: Date;

  static from(c: ClosureEntity): ClosureDto {
    return {
      id: c.id,
      practitioner_id: c.practitionerId,
      starts_on: c.startsOn,
      ends_on: c.endsOn,
      start_time: c.startTime === null ? null : hhmm(c.startTime),
      end_time: c.endTime === null ? null : hhmm(c.endTime),
      whole_days: c.startTime === null && c.endTime === null,
      reason: c.reason,
      created_at: c.createdAt,
    };
  }
}

export class ClosurePageDto {
  @ApiProperty({ type: [ClosureDto] }) items!: ClosureDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
