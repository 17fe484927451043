import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Google Calendar per practitioner: the link (the seed's PractitionerCalendarIntegration, tokens sealed), the
 * pending links waiting for Google's answer (single-use, short-lived), and where each appointment's event is.
 */
export class Calendar1795737600000 implements MigrationInterface {
  name = 'Calendar1795737600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE practitioner_calendar_integrations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        practitioner_id uuid NOT NULL UNIQUE REFERENCES practitioners(id) ON DELETE CASCADE,
        provider varchar(20) NOT NULL DEFAULT 'google' CHECK (provider IN ('google')),
        calendar_id varchar(255) NOT NULL,
        account_email varchar(320) NOT NULL,
        access_token_sealed text,
        refresh_token_sealed text,
        token_expiry timestamptz,
        scopes text NOT NULL,
        is_active boolean NOT NULL DEFAULT true,
        needs_reconnect_since timestamptz,
        linked_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (is_active = (needs_reconnect_since IS NULL)),
        CHECK (NOT is_active OR (access_token_sealed IS NOT NULL AND refresh_token_sealed IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE calendar_link_requests (
        nonce_hash char(64) PRIMARY KEY,
        practitioner_id uuid NOT NULL REFERENCES practitioners(id) ON DELETE CASCADE,
        user_id uuid NOT NULL,
        code_verifier_sealed text NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX calendar_link_requests_expires_idx ON calendar_link_requests (expires_at)');
    await q.query(`
      CREATE TABLE calendar_events (
        appointment_id uuid PRIMARY KEY REFERENCES appointments(id) ON DELETE CASCADE,
        practitioner_id uuid,
        calendar_id varchar(255),
        event_id varchar(64) NOT NULL,
        synced_hash char(64),
        state varchar(20) NOT NULL CHECK (state IN ('pending', 'synced', 'failed')),
        last_error varchar(200),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((practitioner_id IS NULL) = (calendar_id IS NULL))
      )`);
    await q.query(`CREATE INDEX calendar_events_attention_idx ON calendar_events (practitioner_id) WHERE state <> 'synced'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE calendar_events');
    await q.query('DROP TABLE calendar_link_requests');
    await q.query('DROP TABLE practitioner_calendar_integrations');
  }
}
