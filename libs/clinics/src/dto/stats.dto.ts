import { ApiProperty } from '@nestjs/swagger';

/** Platform-wide totals: the clinics listed, and the sums over the clinics whose database answered. */
export class GlobalStatsDto {
  @ApiProperty({ description: 'Clinics listed in by_clinic (active and suspended), whether their database answered or not' }) total_clinics!: number;
  @ApiProperty({ description: 'Patients over the available clinics' }) total_patients!: number;
  @ApiProperty({ description: 'Conversations over the available clinics (0 until the conversations module exists)' }) total_conversations!: number;
  @ApiProperty({ description: 'Practitioners over the available clinics' }) total_practitioners!: number;
}

/** One clinic's figures, read from its own database; null when it could not be read. */
export class ClinicStatsDto {
  @ApiProperty({ format: 'uuid' }) clinic_id!: string;
  @ApiProperty() clinic_name!: string;
  @ApiProperty({ nullable: true, type: Number }) patients!: number | null;
  @ApiProperty({ nullable: true, type: Number }) conversations!: number | null;
  @ApiProperty({ nullable: true, type: Number }) practitioners!: number | null;
  @ApiProperty({ description: 'false when the clinic is suspended, or its database could not be reached in time; its figures are then null and left out of the totals' })
  available!: boolean;
}

export class SuperadminStatsDto {
  @ApiProperty({ type: GlobalStatsDto }) global!: GlobalStatsDto;
  @ApiProperty({ type: [ClinicStatsDto], description: 'Active and suspended clinics, by name' }) by_clinic!: ClinicStatsDto[];
}
