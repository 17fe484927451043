import { MigrationInterface, QueryRunner } from 'typeorm';

/** Appointment reminders: the WhatsApp template to use per language, and which start a reminder was sent for. */
export class Reminders1795651200000 implements MigrationInterface {
  name = 'Reminders1795651200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE whatsapp_config ADD COLUMN reminder_templates jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(reminder_templates) = 'object')`);
    await q.query('ALTER TABLE appointments ADD COLUMN reminder_sent_for timestamptz');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE appointments DROP COLUMN reminder_sent_for');
    await q.query('ALTER TABLE whatsapp_config DROP COLUMN reminder_templates');
  }
}
