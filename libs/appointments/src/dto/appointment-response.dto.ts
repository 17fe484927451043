import { ApiProperty } from '@nestjs/swagger';
import { AppointmentSource, AppointmentStatus } from '../booking/appointment.entity';
import type { AppointmentEntity } from '../booking/appointment.entity';
import { inZone } from '../slots/slot-finder';

export class AppointmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) practitioner_id!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Null once the patient has been erased' }) patient_id!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'Marie Dupont', description: "The patient's name as staff see it; null once erased" }) patient_name!: string | null;
  @ApiProperty({ format: 'uuid' }) treatment_id!: string;
  @ApiProperty({ example: '2026-03-30T09:00:00+02:00', description: 'In the clinic\'s UTC offset' }) start!: string;
  @ApiProperty({ example: '2026-03-30T09:30:00+02:00' }) end!: string;
  @ApiProperty({ enum: AppointmentStatus }) status!: AppointmentStatus;
  @ApiProperty({ enum: AppointmentSource }) source!: AppointmentSource;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty({ nullable: true, type: String }) cancellation_reason!: string | null;
  @ApiProperty({ nullable: true, type: Date }) cancelled_at!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) completed_at!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) no_show_at!: Date | null;
  @ApiProperty({ nullable: true, type: Date }) rescheduled_at!: Date | null;
  @ApiProperty() reschedule_count!: number;
  @ApiProperty() created_at!: Date;
  @ApiProperty() updated_at!: Date;

  static from(a: AppointmentEntity, zone: string, patientName: string | null): AppointmentDto {
    return {
      id: a.id,
      practitioner_id: a.practitionerId,
      patient_id: a.patientId,
      patient_name: patientName,
      treatment_id: a.treatmentId,
      start: inZone(a.startsAt, zone),
      end: inZone(a.endsAt, zone),
      status: a.status,
      source: a.source,
      notes: a.notes,
      cancellation_reason: a.cancellationReason,
      cancelled_at: a.cancelledAt,
      completed_at: a.completedAt,
      no_show_at: a.noShowAt,
      rescheduled_at: a.rescheduledAt,
      reschedule_count: a.rescheduleCount,
      created_at: a.createdAt,
      updated_at: a.updatedAt,
    };
  }
}

export class AppointmentPageDto {
  @ApiProperty({ type: [AppointmentDto] }) items!: AppointmentDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
