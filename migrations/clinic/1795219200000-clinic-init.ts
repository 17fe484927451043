import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first tables of a clinic database: practitioners and patients (the seed's models).
 * There is no clinic_id column: the database itself is the clinic.
 */
export class ClinicInit1795219200000 implements MigrationInterface {
  name = 'ClinicInit1795219200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE practitioners (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        first_name varchar(100),
        last_name varchar(100),
        specialty varchar(120),
        google_calendar_id varchar(255) NOT NULL DEFAULT 'primary',
        is_active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE patients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        first_name varchar(100),
        last_name varchar(100),
        phone varchar(20) NOT NULL UNIQUE,
        email varchar(254),
        birth_date date,
        insurance_card_url text,
        has_social_insurance boolean,
        social_insurance_type varchar(60),
        beneficiary_number varchar(60),
        guarantee_number varchar(60),
        guarantee_document_path text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE patients`);
    await q.query(`DROP TABLE practitioners`);
  }
}
