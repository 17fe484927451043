import { ApiProperty } from '@nestjs/swagger';
import type { ClinicEntity } from '@sophie/registry';
import { ClinicSettingsDto } from '@sophie/settings';

/** A clinic's registry record as the API shows it (never its database credentials). */
export class ClinicResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'Europe/Paris' }) timezone!: string;
  @ApiProperty({ example: 'fr' }) default_language!: string;
  @ApiProperty({ nullable: true, type: String }) phone!: string | null;
  @ApiProperty({ nullable: true, type: String }) address!: string | null;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ nullable: true, type: String }) website!: string | null;
  @ApiProperty({ nullable: true, type: String }) opening_hours!: string | null;
  @ApiProperty({ nullable: true, type: String }) emergency_message!: string | null;
  @ApiProperty({ nullable: true, type: String }) onboarding_form_url!: string | null;
  @ApiProperty() is_active!: boolean;
  @ApiProperty({ enum: ['provisioning', 'active', 'suspended', 'failed', 'decommissioning', 'decommissioned'] }) status!: string;
  @ApiProperty({ nullable: true, type: String, description: 'Last clinic migration applied, as recorded in the registry' }) schema_version!: string | null;
  @ApiProperty({ nullable: true, type: Date, description: 'When its database and role were dropped (a tombstone)' }) decommissioned_at!: Date | null;
  @ApiProperty({ nullable: true, type: String, description: 'Where the final export was written, on the server that made it' }) final_export_path!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'SHA-256 of the final export file' }) final_export_sha256!: string | null;
  @ApiProperty() created_at!: Date;
  @ApiProperty() updated_at!: Date;

  static from(clinic: ClinicEntity): ClinicResponseDto {
    return {
      id: clinic.id,
      name: clinic.name,
      timezone: clinic.timezone,
      default_language: clinic.defaultLanguage,
      phone: clinic.phone,
      address: clinic.address,
      email: clinic.email,
      website: clinic.website,
      opening_hours: clinic.openingHours,
      emergency_message: clinic.emergencyMessage,
      onboarding_form_url: clinic.onboardingFormUrl,
      is_active: clinic.isActive,
      status: clinic.status,
      schema_version: clinic.schemaVersion,
      decommissioned_at: clinic.decommissionedAt,
      final_export_path: clinic.finalExportPath,
      final_export_sha256: clinic.finalExportSha256,
      created_at: clinic.createdAt,
      updated_at: clinic.updatedAt,
    };
  }
}

export class ClinicFiguresDto {
  @ApiProperty({ description: 'Practitioners in the clinic database' }) practitioners!: number;
  @ApiProperty({ description: 'Patients in the clinic database' }) patients!: number;
  @ApiProperty({ nullable: true, type: String, description: 'Last migration applied, read from the clinic database itself' }) schema_version!: string | null;
}

export class ClinicWithFiguresDto extends ClinicResponseDto {
  @ApiProperty({ type: ClinicFiguresDto }) figures!: ClinicFiguresDto;
  @ApiProperty({ type: ClinicSettingsDto }) settings!: ClinicSettingsDto;
}

export class ClinicListDto {
  @ApiProperty({ type: [ClinicResponseDto] }) items!: ClinicResponseDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
