import { ApiProperty } from '@nestjs/swagger';
import { AppointmentDto } from '@sophie/appointments';
import { PatientDto } from '@sophie/patients';

export class MediaReferenceDto {
  @ApiProperty({ description: 'Where the file is kept (insurance card photo, guarantee document)' }) reference!: string;
}

/** Everything the clinic holds about one patient, as JSON. */
export class PatientExportDto {
  @ApiProperty({ example: 'sophie.patient-export.v1' }) format!: string;
  @ApiProperty() exported_at!: Date;
  @ApiProperty({ format: 'uuid' }) clinic_id!: string;
  @ApiProperty({ example: 'Europe/Paris' }) time_zone!: string;
  @ApiProperty({ type: PatientDto }) patient!: PatientDto;
  @ApiProperty({ type: [AppointmentDto] }) appointments!: AppointmentDto[];
  @ApiProperty({ type: [Object], description: 'WhatsApp conversations (linked to the patient or from their phone number), each with its messages' })
  conversations!: unknown[];
  @ApiProperty({ type: [MediaReferenceDto] }) media!: MediaReferenceDto[];
}

export class PatientErasureDto {
  @ApiProperty({ format: 'uuid' }) patient_id!: string;
  @ApiProperty() erased_at!: Date;
  @ApiProperty({ description: 'Appointments kept (dates, practitioner, treatment) with no link to the patient' })
  appointments_kept_without_identity!: number;
}
