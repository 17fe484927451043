import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum DatabaseServerStatus {
  /** New clinics may be placed here. */
  Accepting = 'accepting',
  /** Serves its clinics but takes no new ones. */
  Draining = 'draining',
}

/** A PostgreSQL server that holds clinic databases. */
@Entity({ name: 'database_servers' })
export class DatabaseServerEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('varchar', { length: 64, unique: true })
  name!: string;

  @Column('varchar', { length: 255 })
  host!: string;

  @Column('integer')
  port!: number;

  /**
   * A connection pooler in front of this server (PgBouncer, transaction mode) that the API's clinic pools use; both
   * null: they connect to host and port. Admin work (migrations, provisioning, backups) always goes to host and port.
   */
  @Column('varchar', { name: 'pooler_host', length: 255, nullable: true })
  poolerHost!: string | null;

  @Column('integer', { name: 'pooler_port', nullable: true })
  poolerPort!: number | null;

  /** A role allowed to create databases and roles on this server. */
  @Column('varchar', { name: 'admin_user', length: 63 })
  adminUser!: string;

  @Column('text', { name: 'admin_password_encrypted', select: false })
  adminPasswordEncrypted!: string;

  @Column('varchar', { length: 16, default: DatabaseServerStatus.Accepting })
  status!: DatabaseServerStatus;

  /** How many clinic databases this server should hold at most. */
  @Column('integer', { default: 1000 })
  capacity!: number;

  /** The server that also holds the registry (from DATABASE_URL). */
  @Column('boolean', { name: 'is_primary', default: false })
  isPrimary!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
