import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { IsInstant, PaginationQueryDto } from '@sophie/common';
import { AppointmentStatus } from '../booking/appointment.entity';

export class CreateAppointmentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  patient_id!: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  treatment_id!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Absent: the first practitioner offering the treatment who is free then' })
  @IsOptional()
  @IsUUID()
  practitioner_id?: string;

  @ApiProperty({ example: '2026-03-30T09:00:00+02:00', description: 'A start the slots route offers' })
  @IsInstant()
  start!: string;

  @ApiPropertyOptional({ example: 'Bring the X-rays', description: 'Staff notes; erased with the patient' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

export class RescheduleAppointmentDto {
  @ApiProperty({ example: '2026-03-31T10:00:00+02:00', description: 'A start the slots route offers (the appointment\'s own time counts as free)' })
  @IsInstant()
  start!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Absent: the same practitioner' })
  @IsOptional()
  @IsUUID()
  practitioner_id?: string;
}

export class CancelAppointmentDto {
  @ApiPropertyOptional({ example: 'Patient called: ill', description: 'Why it was cancelled; erased with the patient' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  reason?: string;
}

export class ListAppointmentsQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ example: '2026-03-30T00:00:00+02:00', description: 'Appointments ending after this instant' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ example: '2026-04-06T00:00:00+02:00', description: 'Appointments starting before this instant' })
  @IsOptional()
  @IsInstant()
  to?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  practitioner_id?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  patient_id?: string;

  @ApiPropertyOptional({ enum: AppointmentStatus })
  @IsOptional()
  @IsEnum(AppointmentStatus)
  status?: AppointmentStatus;
}
