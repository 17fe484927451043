import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the clinic books: treatments and who offers them, weekly working hours, closures and absences, and the
 * appointments themselves. Two practitioners' appointments may overlap; one practitioner's may not, buffers
 * included: the exclusion constraint makes double booking impossible whatever the concurrency.
 */
export class Scheduling1795392000000 implements MigrationInterface {
  name = 'Scheduling1795392000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE EXTENSION IF NOT EXISTS btree_gist');
    await q.query('CREATE TYPE timerange AS RANGE (subtype = time)');
    await q.query('ALTER TABLE practitioners ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now()');
    await q.query(`
      CREATE TABLE treatments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name jsonb NOT NULL CHECK (jsonb_typeof(name) = 'object' AND name <> '{}'::jsonb),
        duration_minutes integer NOT NULL CHECK (duration_minutes BETWEEN 5 AND 720),
        buffer_before_minutes integer NOT NULL DEFAULT 0 CHECK (buffer_before_minutes BETWEEN 0 AND 240),
        buffer_after_minutes integer NOT NULL DEFAULT 0 CHECK (buffer_after_minutes BETWEEN 0 AND 240),
        is_active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE practitioner_treatments (
        practitioner_id uuid NOT NULL REFERENCES practitioners (id) ON DELETE CASCADE,
        treatment_id uuid NOT NULL REFERENCES treatments (id) ON DELETE CASCADE,
        duration_minutes integer CHECK (duration_minutes BETWEEN 5 AND 720),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (practitioner_id, treatment_id)
      )`);
    await q.query('CREATE INDEX practitioner_treatments_treatment ON practitioner_treatments (treatment_id)');
    await q.query(`
      CREATE TABLE working_hours (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        practitioner_id uuid NOT NULL REFERENCES practitioners (id) ON DELETE CASCADE,
        weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
        start_time time NOT NULL,
        end_time time NOT NULL,
        CHECK (end_time > start_time),
        CONSTRAINT working_hours_no_overlap EXCLUDE USING gist
          (practitioner_id WITH =, weekday WITH =, timerange(start_time, end_time) WITH &&)
      )`);
    await q.query(`
      CREATE TABLE closures (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        practitioner_id uuid REFERENCES practitioners (id) ON DELETE CASCADE,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        start_time time,
        end_time time,
        reason varchar(200),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_on >= starts_on),
        CHECK (ends_on > starts_on OR start_time IS NULL OR end_time IS NULL OR end_time > start_time)
      )`);
    await q.query('CREATE INDEX closures_period ON closures (ends_on, starts_on)');
    await q.query(`
      CREATE TABLE appointments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        practitioner_id uuid NOT NULL REFERENCES practitioners (id) ON DELETE RESTRICT,
        patient_id uuid REFERENCES patients (id) ON DELETE SET NULL,
        treatment_id uuid NOT NULL REFERENCES treatments (id) ON DELETE RESTRICT,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        blocked_from timestamptz NOT NULL,
        blocked_to timestamptz NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'completed', 'cancelled', 'no_show')),
        source varchar(16) NOT NULL DEFAULT 'staff' CHECK (source IN ('staff', 'whatsapp')),
        notes text,
        cancellation_reason varchar(500),
        cancelled_at timestamptz,
        completed_at timestamptz,
        no_show_at timestamptz,
        rescheduled_at timestamptz,
        reschedule_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at),
        CHECK (blocked_from <= starts_at AND blocked_to >= ends_at),
        CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
        CONSTRAINT appointments_no_double_booking EXCLUDE USING gist
          (practitioner_id WITH =, tstzrange(blocked_from, blocked_to) WITH &&) WHERE (status <> 'cancelled')
      )`);
    await q.query('CREATE INDEX appointments_patient ON appointments (patient_id, starts_at)');
    await q.query('CREATE INDEX appointments_starts ON appointments (starts_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE appointments');
    await q.query('DROP TABLE closures');
    await q.query('DROP TABLE working_hours');
    await q.query('DROP TABLE practitioner_treatments');
    await q.query('DROP TABLE treatments');
    await q.query('ALTER TABLE practitioners DROP COLUMN updated_at');
    await q.query('DROP TYPE timerange');
  }
}
