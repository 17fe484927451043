import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum UserRole {
  Admin = 'ADMIN',
  SuperAdmin = 'SUPERADMIN',
}

/** A dashboard user: a clinic's ADMIN, or a SUPERADMIN who manages every clinic. */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Unique, compared case-insensitively. */
  @Column('varchar', { length: 64 })
  username!: string;

  @Column('varchar', { name: 'password_hash', length: 100, select: false })
  passwordHash!: string;

  @Column('varchar', { length: 16 })
  role!: UserRole;

  /** Set for ADMIN, null for SUPERADMIN. */
  @Column('uuid', { name: 'clinic_id', nullable: true })
  clinicId!: string | null;

  @Column('boolean', { default: false })
  disabled!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'last_login_at', nullable: true })
  lastLoginAt!: Date | null;
}
