import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A treatment a practitioner offers (the seed's PractitionerTreatment), optionally with their own duration. */
@Entity({ name: 'practitioner_treatments' })
export class PractitionerTreatmentEntity {
  @PrimaryColumn('uuid', { name: 'practitioner_id' })
  practitionerId!: string;

  @PrimaryColumn('uuid', { name: 'treatment_id' })
  treatmentId!: string;

  /** Overrides the treatment's duration for this practitioner; null: the treatment's own. */
  @Column('integer', { name: 'duration_minutes', nullable: true })
  durationMinutes!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
