import { ApiProperty } from '@nestjs/swagger';
import type { PractitionerEntity } from '../practitioner.entity';
import { PractitionerTreatmentDto } from '../treatments/practitioner-treatments.dto';
import { WorkingHoursRangeDto } from '../working-hours/working-hours.dto';

export class PractitionerDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String, example: 'Claire' }) first_name!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Martin' }) last_name!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Orthodontist' }) specialty!: string | null;
  @ApiProperty({ example: 'primary' }) google_calendar_id!: string;
  @ApiProperty() is_active!: boolean;
  @ApiProperty() created_at!: Date;
  @ApiProperty() updated_at!: Date;

  static from(p: PractitionerEntity): PractitionerDto {
    return {
      id: p.id,
      first_name: p.firstName,
      last_name: p.lastName,
      specialty: p.specialty,
      google_calendar_id: p.googleCalendarId,
      is_active: p.isActive,
      created_at: p.createdAt,
      updated_at: p.updatedAt,
    };
  }
}

/** A practitioner with what they offer and their week. */
export class PractitionerDetailDto extends PractitionerDto {
  @ApiProperty({ type: [PractitionerTreatmentDto], description: 'Treatments offered, with the duration that applies to this practitioner' })
  treatments!: PractitionerTreatmentDto[];

  @ApiProperty({ type: [WorkingHoursRangeDto], description: 'Weekly working ranges, by weekday then start' })
  working_hours!: WorkingHoursRangeDto[];
}

export class PractitionerPageDto {
  @ApiProperty({ type: [PractitionerDto] }) items!: PractitionerDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
