import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { DatabaseServerEntity } from './database-server.entity';

/** Where a clinic is in its life. Only `active` clinics are served. */
export enum ClinicStatus {
  /** Database and role being created; not served. */
  Provisioning = 'provisioning',
  Active = 'active',
  /** Kept intact but refused by the API. */
  Suspended = 'suspended',
  /** Provisioning failed and was rolled back; kept for the record. */
  Failed = 'failed',
  /** Its final export is being made and its database dropped; not served. */
  Decommissioning = 'decommissioning',
  /** A tombstone: database and role dropped, final export kept elsewhere; not served. */
  Decommissioned = 'decommissioned',
}

/** A clinic in the central registry: its public profile and where its own database lives. */
@Entity({ name: 'clinics' })
export class ClinicEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('varchar', { length: 200 })
  name!: string;

  /** IANA time zone, e.g. Europe/Paris. */
  @Column('varchar', { length: 64 })
  timezone!: string;

  @Column('varchar', { name: 'default_language', length: 8, default: 'fr' })
  defaultLanguage!: string;

  @Column('varchar', { length: 40, nullable: true })
  phone!: string | null;

  @Column('text', { nullable: true })
  address!: string | null;

  @Column('varchar', { length: 254, nullable: true })
  email!: string | null;

  @Column('varchar', { length: 2048, nullable: true })
  website!: string | null;

  @Column('text', { name: 'opening_hours', nullable: true })
  openingHours!: string | null;

  @Column('text', { name: 'emergency_message', nullable: true })
  emergencyMessage!: string | null;

  @Column('varchar', { name: 'onboarding_form_url', length: 2048, nullable: true })
  onboardingFormUrl!: string | null;

  @Column('varchar', { length: 16 })
  status!: ClinicStatus;

  /** Derived by PostgreSQL from status (a generated column): the seed's is_active. */
  @Column({ type: 'boolean', name: 'is_active', insert: false, update: false })
  isActive!: boolean;

  @Column('uuid', { name: 'database_server_id' })
  databaseServerId!: string;

  @ManyToOne(() => DatabaseServerEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'database_server_id' })
  databaseServer?: DatabaseServerEntity;

  @Column('varchar', { name: 'database_name', length: 63 })
  databaseName!: string;

  @Column('varchar', { name: 'database_role', length: 63 })
  databaseRole!: string;

  /** The role's password, sealed by SecretBox. Never returned by the API. Null once decommissioned. */
  @Column('text', { name: 'database_password_encrypted', select: false, nullable: true })
  databasePasswordEncrypted!: string | null;

  /** Name of the last clinic migration applied to its database. */
  @Column('varchar', { name: 'schema_version', length: 255, nullable: true })
  schemaVersion!: string | null;

  @Column('timestamptz', { name: 'schema_migrated_at', nullable: true })
  schemaMigratedAt!: Date | null;

  /** Writes are refused until then: its database is being copied to another server (a lease the mover renews). */
  @Column('timestamptz', { name: 'read_only_until', nullable: true })
  readOnlyUntil!: Date | null;

  @Column('timestamptz', { name: 'decommissioned_at', nullable: true })
  decommissionedAt!: Date | null;

  /** Where the final export of a decommissioned clinic was written, and its SHA-256. */
  @Column('text', { name: 'final_export_path', nullable: true })
  finalExportPath!: string | null;

  @Column('char', { name: 'final_export_sha256', length: 64, nullable: true })
  finalExportSha256!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
