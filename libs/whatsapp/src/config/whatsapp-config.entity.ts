import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The clinic's Meta WhatsApp configuration (the seed's ClinicWhatsAppConfig): one row; secrets sealed by SecretBox. */
@Entity({ name: 'whatsapp_config' })
export class WhatsAppConfigEntity {
  @PrimaryColumn('boolean', { default: true })
  id!: boolean;

  @Column('varchar', { name: 'phone_number_id', length: 64 })
  phoneNumberId!: string;

  @Column('text', { name: 'verify_token_sealed' })
  verifyTokenSealed!: string;

  @Column('text', { name: 'access_token_sealed' })
  accessTokenSealed!: string;

  /** Meta's app secret: the key of the webhooks' X-Hub-Signature-256. */
  @Column('text', { name: 'webhook_secret_sealed' })
  webhookSecretSealed!: string;

  @Column('varchar', { name: 'api_version', length: 10 })
  apiVersion!: string;

  @Column('varchar', { length: 20 })
  provider!: string;

  @Column('boolean', { name: 'is_active' })
  isActive!: boolean;

  /** Set when Meta refused the access token (code 190): a new token is needed. */
  @Column('timestamptz', { name: 'token_invalid_at', nullable: true })
  tokenInvalidAt!: Date | null;

  /** Approved reminder template name per language, e.g. `{ "fr": "rappel_rdv" }`. */
  @Column('jsonb', { name: 'reminder_templates', default: () => `'{}'::jsonb` })
  reminderTemplates!: Record<string, string>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
