import { MigrationInterface, QueryRunner } from 'typeorm';

/** Patient search and bookkeeping, and the clinic's booking settings (one row). */
export class PatientsSettings1795305600000 implements MigrationInterface {
  name = 'PatientsSettings1795305600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await q.query('ALTER TABLE patients ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()');
    await q.query(`ALTER TABLE patients ADD CONSTRAINT patients_phone_e164 CHECK (phone ~ '^\\+[1-9][0-9]{6,14}$')`);
    await q.query(`
      CREATE INDEX patients_name_search ON patients
        USING gin ((lower(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) gin_trgm_ops)`);
    await q.query('CREATE INDEX patients_created ON patients (created_at DESC, id)');
    await q.query(`
      CREATE TABLE clinic_settings (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        slot_interval_minutes integer NOT NULL DEFAULT 15 CHECK (slot_interval_minutes BETWEEN 5 AND 240),
        minimum_notice_minutes integer NOT NULL DEFAULT 120 CHECK (minimum_notice_minutes BETWEEN 0 AND 20160),
        booking_horizon_days integer NOT NULL DEFAULT 60 CHECK (booking_horizon_days BETWEEN 1 AND 365),
        reminder_hours_before integer NOT NULL DEFAULT 24 CHECK (reminder_hours_before BETWEEN 0 AND 168),
        default_phone_country char(2) NOT NULL DEFAULT 'FR' CHECK (default_phone_country ~ '^[A-Z]{2}$'),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('INSERT INTO clinic_settings DEFAULT VALUES');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE clinic_settings');
    await q.query('DROP INDEX patients_created');
    await q.query('DROP INDEX patients_name_search');
    await q.query('ALTER TABLE patients DROP CONSTRAINT patients_phone_e164');
    await q.query('ALTER TABLE patients DROP COLUMN updated_at');
  }
}
