import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { formatPgUrl, parsePgUrl, withDatabase } from '@sophie/common';
import { PatientEntity } from '@sophie/patients';
import { CLINIC_MIGRATIONS_TABLE } from '@sophie/tenancy';

/**
 * The old single-database design, for comparison: one database holding every clinic's rows,
 * told apart by an indexed `clinic_id` column. Same tables and rows as the clinic databases.
 */

/** The fixed DataSource maps the product's own patient entity onto the single database's `patients` table. */
export const SINGLE_ENTITIES = [PatientEntity];

/** `<prefix>_single`: the database and the (unprivileged) role the fixed DataSource logs in as. */
export function singleDatabaseName(prefix: string): string {
  return `${prefix}_single`;
}

/**
 * Creates the single database with the clinic schema plus `clinic_id` (indexed), its migrations
 * table, and a login role that may only read and write rows. Returns the role's connection URL.
 */
export async function createSingleDatabase(adminUrl: string, prefix: string): Promise<string> {
  const name = singleDatabaseName(prefix);
  const password = randomBytes(18).toString('base64url');
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const id = admin.escapeIdentifier(name);
    await admin.query(`CREATE ROLE ${id} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD ${admin.escapeLiteral(password)}`);
    await admin.query(`CREATE DATABASE ${id} ENCODING 'UTF8'`);
  } finally {
    await admin.end();
  }
  const db = new Client({ connectionString: withDatabase(adminUrl, name) });
  await db.connect();
  try {
    const role = db.escapeIdentifier(name);
    await db.query(`
      CREATE TABLE practitioners (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL,
        first_name varchar(100),
        last_name varchar(100),
        specialty varchar(120),
        google_calendar_id varchar(255) NOT NULL DEFAULT 'primary',
        is_active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE patients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        clinic_id uuid NOT NULL,
        first_name varchar(100),
        last_name varchar(100),
        phone varchar(20) NOT NULL,
        email varchar(254),
        birth_date date,
        insurance_card_url text,
        has_social_insurance boolean,
        social_insurance_type varchar(60),
        beneficiary_number varchar(60),
        guarantee_number varchar(60),
        guarantee_document_path text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (clinic_id, phone)
      )`);
    await db.query(`
      CREATE TABLE clinic_settings (
        clinic_id uuid PRIMARY KEY,
        slot_interval_minutes integer NOT NULL DEFAULT 15,
        minimum_notice_minutes integer NOT NULL DEFAULT 120,
        booking_horizon_days integer NOT NULL DEFAULT 60,
        reminder_hours_before integer NOT NULL DEFAULT 24,
        default_phone_country char(2) NOT NULL DEFAULT 'FR',
        handoff_quiet_minutes integer NOT NULL DEFAULT 240,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query('CREATE INDEX patients_clinic_id_idx ON patients (clinic_id)');
    await db.query('CREATE INDEX practitioners_clinic_id_idx ON practitioners (clinic_id)');
    // TypeORM's migrations table, as in every clinic database: the schema-version read is the same statement.
    await db.query(`CREATE TABLE ${CLINIC_MIGRATIONS_TABLE} (id serial PRIMARY KEY, timestamp bigint NOT NULL, name varchar NOT NULL)`);
    await db.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
  } finally {
    await db.end();
  }
  return formatPgUrl({ ...parsePgUrl(adminUrl), user: name, password, database: name });
}

/**
 * The rows of one clinic, generated identically in its own database and in the single one
 * (deterministic ids, so both hold exactly the same rows). `$1` is the clinic id.
 */
export function patientRowsSql(withClinicId: boolean, count: number): string {
  const clinicColumn = withClinicId ? 'clinic_id, ' : '';
  const clinicValue = withClinicId ? '$1::text::uuid, ' : '';
  return `
    INSERT INTO patients (id, ${clinicColumn}first_name, last_name, phone, email, birth_date, has_social_insurance, created_at, updated_at)
    SELECT md5($1::text || ':patient:' || g)::uuid, ${clinicValue}'Prénom ' || g, 'Nom ' || g,
           '+3361' || lpad(g::text, 8, '0'), 'patient' || g || '@example.test',
           date '1940-01-01' + (g * 37 % 25000), g % 3 <> 0,
           timestamptz '2026-01-01 00:00:00+00' + g * interval '1 minute', timestamptz '2026-01-01 00:00:00+00' + g * interval '1 minute'
    FROM generate_series(1, ${count}) AS g`;
}

export function practitionerRowsSql(withClinicId: boolean, count: number): string {
  const clinicColumn = withClinicId ? 'clinic_id, ' : '';
  const clinicValue = withClinicId ? '$1::text::uuid, ' : '';
  return `
    INSERT INTO practitioners (id, ${clinicColumn}first_name, last_name, specialty)
    SELECT md5($1::text || ':practitioner:' || g)::uuid, ${clinicValue}'Dr ' || g, 'Praticien ' || g,
           (ARRAY['généraliste', 'dentiste', 'kinésithérapeute'])[1 + g % 3]
    FROM generate_series(1, ${count}) AS g`;
}
