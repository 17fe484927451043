import { MigrationInterface, QueryRunner } from 'typeorm';

/** The central registry: database servers, clinics, users, audit log. */
export class RegistryInit1795219200000 implements MigrationInterface {
  name = 'RegistryInit1795219200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE database_servers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(64) NOT NULL UNIQUE,
        host varchar(255) NOT NULL,
        port integer NOT NULL CHECK (port BETWEEN 1 AND 65535),
        admin_user varchar(63) NOT NULL,
        admin_password_encrypted text NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'accepting' CHECK (status IN ('accepting', 'draining')),
        capacity integer NOT NULL DEFAULT 1000 CHECK (capacity >= 0),
        is_primary boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX database_servers_one_primary ON database_servers (is_primary) WHERE is_primary`);
    await q.query(`
      CREATE TABLE clinics (
        id uuid PRIMARY KEY,
        name varchar(200) NOT NULL,
        timezone varchar(64) NOT NULL,
        default_language varchar(8) NOT NULL DEFAULT 'fr',
        phone varchar(40),
        address text,
        email varchar(254),
        website varchar(2048),
        opening_hours text,
        emergency_message text,
        onboarding_form_url varchar(2048),
        status varchar(16) NOT NULL CHECK (status IN ('provisioning', 'active', 'suspended', 'failed')),
        is_active boolean GENERATED ALWAYS AS (status = 'active') STORED,
        database_server_id uuid NOT NULL REFERENCES database_servers (id) ON DELETE RESTRICT,
        database_name varchar(63) NOT NULL UNIQUE,
        database_role varchar(63) NOT NULL UNIQUE,
        database_password_encrypted text NOT NULL,
        schema_version varchar(255),
        schema_migrated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX clinics_server ON clinics (database_server_id)`);
    await q.query(`CREATE INDEX clinics_created ON clinics (created_at DESC)`);
    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username varchar(64) NOT NULL,
        password_hash varchar(100) NOT NULL,
        role varchar(16) NOT NULL CHECK (role IN ('ADMIN', 'SUPERADMIN')),
        clinic_id uuid REFERENCES clinics (id) ON DELETE CASCADE,
        disabled boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_login_at timestamptz,
        CONSTRAINT users_role_clinic CHECK ((role = 'ADMIN') = (clinic_id IS NOT NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX users_username_ci ON users (lower(username))`);
    await q.query(`CREATE INDEX users_clinic ON users (clinic_id)`);
    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid,
        actor_role varchar(16),
        clinic_id uuid,
        action varchar(64) NOT NULL,
        target_type varchar(64),
        target_id varchar(64),
        ip varchar(45),
        request_id varchar(64)
      )`);
    await q.query(`CREATE INDEX audit_log_clinic_time ON audit_log (clinic_id, occurred_at DESC)`);
    await q.query(`CREATE INDEX audit_log_time ON audit_log (occurred_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_log`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE clinics`);
    await q.query(`DROP TABLE database_servers`);
  }
}
