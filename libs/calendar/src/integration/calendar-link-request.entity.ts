import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A link started by an admin and waiting for Google's answer: single-use (deleted when used), short-lived. */
@Entity({ name: 'calendar_link_requests' })
export class CalendarLinkRequestEntity {
  /** SHA-256 (hex) of the state's nonce: the nonce itself is never stored. */
  @PrimaryColumn('char', { name: 'nonce_hash', length: 64 })
  nonceHash!: string;

  @Column('uuid', { name: 'practitioner_id' })
  practitionerId!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  /** The PKCE code verifier, sealed. */
  @Column('text', { name: 'code_verifier_sealed' })
  codeVerifierSealed!: string;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
