import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A patient of the clinic (the seed's Patient), in the clinic's own database. */
@Entity({ name: 'patients' })
export class PatientEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('varchar', { name: 'first_name', length: 100, nullable: true })
  firstName!: string | null;

  @Column('varchar', { name: 'last_name', length: 100, nullable: true })
  lastName!: string | null;

  /** E.164, unique in the clinic. */
  @Column('varchar', { length: 20 })
  phone!: string;

  @Column('varchar', { length: 254, nullable: true })
  email!: string | null;

  @Column('date', { name: 'birth_date', nullable: true })
  birthDate!: string | null;

  @Column('text', { name: 'insurance_card_url', nullable: true })
  insuranceCardUrl!: string | null;

  @Column('boolean', { name: 'has_social_insurance', nullable: true })
  hasSocialInsurance!: boolean | null;

  @Column('varchar', { name: 'social_insurance_type', length: 60, nullable: true })
  socialInsuranceType!: string | null;

  @Column('varchar', { name: 'beneficiary_number', length: 60, nullable: true })
  beneficiaryNumber!: string | null;

  @Column('varchar', { name: 'guarantee_number', length: 60, nullable: true })
  guaranteeNumber!: string | null;

  @Column('text', { name: 'guarantee_document_path', nullable: true })
  guaranteeDocumentPath!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
