import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A WhatsApp phone number id and the one clinic that holds it. */
@Entity({ name: 'whatsapp_numbers' })
export class WhatsAppNumberEntity {
  @PrimaryColumn('varchar', { name: 'phone_number_id', length: 64 })
  phoneNumberId!: string;

  @Column('uuid', { name: 'clinic_id', unique: true })
  clinicId!: string;

  @Column('timestamptz', { name: 'claimed_at', default: () => 'now()' })
  claimedAt!: Date;
}
