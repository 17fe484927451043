import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A treatment's name in each language the clinic writes it in, e.g. `{ "fr": "Détartrage", "en": "Scaling" }`. */
export type LocalizedName = Record<string, string>;

/** Something the clinic books: how long it lasts and the time blocked around it. */
@Entity({ name: 'treatments' })
export class TreatmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('jsonb')
  name!: LocalizedName;

  @Column('integer', { name: 'duration_minutes' })
  durationMinutes!: number;

  /** Preparation time blocked before the appointment. */
  @Column('integer', { name: 'buffer_before_minutes', default: 0 })
  bufferBeforeMinutes!: number;

  /** Clean-up time blocked after the appointment. */
  @Column('integer', { name: 'buffer_after_minutes', default: 0 })
  bufferAfterMinutes!: number;

  @Column('boolean', { name: 'is_active', default: true })
  isActive!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
