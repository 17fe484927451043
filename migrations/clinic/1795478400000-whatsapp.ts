import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The WhatsApp channel: the clinic's Meta configuration (secrets sealed by SecretBox), conversations (one per
 * WhatsApp user, keyed by wa_id or, for users Meta identifies without a phone number, by their business-scoped
 * user id), messages in both directions keyed by their WhatsApp id, statuses that arrive before their message,
 * and the clinic's system log.
 */
export class WhatsApp1795478400000 implements MigrationInterface {
  name = 'WhatsApp1795478400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE whatsapp_config (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        phone_number_id varchar(64) NOT NULL CHECK (phone_number_id ~ '^[0-9]{1,64}$'),
        verify_token_sealed text NOT NULL,
        access_token_sealed text NOT NULL,
        webhook_secret_sealed text NOT NULL,
        api_version varchar(10) NOT NULL DEFAULT 'v21.0' CHECK (api_version ~ '^v[0-9]{1,3}\\.[0-9]{1,2}$'),
        provider varchar(20) NOT NULL DEFAULT 'meta' CHECK (provider IN ('meta')),
        is_active boolean NOT NULL DEFAULT true,
        token_invalid_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE conversations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        wa_id varchar(64),
        user_id varchar(128),
        user_phone varchar(20),
        profile_name varchar(200),
        patient_id uuid REFERENCES patients (id) ON DELETE SET NULL,
        current_state varchar(40) NOT NULL DEFAULT 'IDLE',
        detected_language varchar(8) DEFAULT 'fr',
        context_data jsonb NOT NULL DEFAULT '{}'::jsonb,
        last_inbound_at timestamptz,
        last_message_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (wa_id IS NOT NULL OR user_id IS NOT NULL)
      )`);
    await q.query('CREATE UNIQUE INDEX conversations_wa_id ON conversations (wa_id) WHERE wa_id IS NOT NULL');
    await q.query('CREATE UNIQUE INDEX conversations_user_id ON conversations (user_id) WHERE user_id IS NOT NULL');
    await q.query('CREATE INDEX conversations_patient ON conversations (patient_id) WHERE patient_id IS NOT NULL');
    await q.query('CREATE INDEX conversations_recent ON conversations (last_message_at DESC NULLS LAST, id)');
    await q.query(`
      CREATE TABLE messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sequence bigserial NOT NULL UNIQUE,
        conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        direction varchar(3) NOT NULL CHECK (direction IN ('in', 'out')),
        type varchar(20) NOT NULL,
        text text,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        media_id varchar(128),
        media_mime_type varchar(100),
        media_sha256 char(64),
        media_size integer,
        media_path text,
        media_status varchar(12) CHECK (media_status IN ('pending', 'stored', 'rejected', 'failed')),
        whatsapp_message_id varchar(128) UNIQUE,
        status varchar(12) NOT NULL CHECK (status IN ('received', 'processed', 'queued', 'sent', 'delivered', 'read', 'failed')),
        error jsonb,
        sent_by varchar(12) CHECK (sent_by IN ('assistant', 'staff')),
        sent_by_user_id uuid,
        whatsapp_timestamp timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz,
        sent_at timestamptz,
        delivered_at timestamptz,
        read_at timestamptz,
        failed_at timestamptz,
        CHECK ((direction = 'in') = (status IN ('received', 'processed')))
      )`);
    await q.query('CREATE INDEX messages_conversation ON messages (conversation_id, sequence)');
    await q.query(`CREATE INDEX messages_inbound_pending ON messages (conversation_id, sequence) WHERE direction = 'in' AND processed_at IS NULL`);
    await q.query(`CREATE INDEX messages_outbound_queued ON messages (conversation_id, sequence) WHERE status = 'queued'`);
    await q.query(`
      CREATE TABLE whatsapp_orphan_statuses (
        whatsapp_message_id varchar(128) PRIMARY KEY,
        status varchar(12) NOT NULL CHECK (status IN ('sent', 'delivered', 'read', 'failed')),
        error jsonb,
        status_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE system_logs (
        id bigserial PRIMARY KEY,
        level varchar(8) NOT NULL CHECK (level IN ('info', 'warn', 'error')),
        event varchar(60) NOT NULL,
        conversation_id uuid REFERENCES conversations (id) ON DELETE SET NULL,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query('CREATE INDEX system_logs_recent ON system_logs (created_at DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE system_logs');
    await q.query('DROP TABLE whatsapp_orphan_statuses');
    await q.query('DROP TABLE messages');
    await q.query('DROP TABLE conversations');
    await q.query('DROP TABLE whatsapp_config');
  }
}
