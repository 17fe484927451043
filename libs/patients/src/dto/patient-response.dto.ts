import { ApiProperty } from '@nestjs/swagger';
import type { PatientEntity } from '../patient.entity';

export class PatientDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) first_name!: string | null;
  @ApiProperty({ nullable: true, type: String }) last_name!: string | null;
  @ApiProperty({ example: '+33612345678' }) phone!: string;
  @ApiProperty({ nullable: true, type: String }) email!: string | null;
  @ApiProperty({ nullable: true, type: String, example: '1985-04-12' }) birth_date!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Set from a photo the patient sent' }) insurance_card_url!: string | null;
  @ApiProperty({ nullable: true, type: Boolean }) has_social_insurance!: boolean | null;
  @ApiProperty({ nullable: true, type: String }) social_insurance_type!: string | null;
  @ApiProperty({ nullable: true, type: String }) beneficiary_number!: string | null;
  @ApiProperty({ nullable: true, type: String }) guarantee_number!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Set from an uploaded document' }) guarantee_document_path!: string | null;
  @ApiProperty() created_at!: Date;
  @ApiProperty() updated_at!: Date;

  static from(p: PatientEntity): PatientDto {
    return {
      id: p.id,
      first_name: p.firstName,
      last_name: p.lastName,
      phone: p.phone,
      email: p.email,
      birth_date: p.birthDate,
      insurance_card_url: p.insuranceCardUrl,
      has_social_insurance: p.hasSocialInsurance,
      social_insurance_type: p.socialInsuranceType,
      beneficiary_number: p.beneficiaryNumber,
      guarantee_number: p.guaranteeNumber,
      guarantee_document_path: p.guaranteeDocumentPath,
      created_at: p.createdAt,
      updated_at: p.updatedAt,
    };
  }
}

export class PatientPageDto {
  @ApiProperty({ type: [PatientDto] }) items!: PatientDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
