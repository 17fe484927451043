import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the assistant and the staff inbox keep on a conversation: a handoff to staff (and until when the assistant
 * stays quiet), the patient's opt-out from reminders, and what staff have read. The clinic's quiet time after a
 * handoff is a booking setting.
 */
export class Assistant1795564800000 implements MigrationInterface {
  name = 'Assistant1795564800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE conversations
        ADD COLUMN handed_off_at timestamptz,
        ADD COLUMN handed_off_by varchar(10) CHECK (handed_off_by IN ('patient', 'staff')),
        ADD COLUMN handed_off_user_id uuid,
        ADD COLUMN opted_out_at timestamptz,
        ADD COLUMN staff_read_at timestamptz`);
    await q.query('CREATE INDEX conversations_handed_off ON conversations (handed_off_at) WHERE handed_off_at IS NOT NULL');
    await q.query(`ALTER TABLE clinic_settings ADD COLUMN handoff_quiet_minutes integer NOT NULL DEFAULT 240 CHECK (handoff_quiet_minutes BETWEEN 5 AND 10080)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE clinic_settings DROP COLUMN handoff_quiet_minutes');
    await q.query('DROP INDEX conversations_handed_off');
    await q.query(`
      ALTER TABLE conversations
        DROP COLUMN handed_off_at, DROP COLUMN handed_off_by, DROP COLUMN handed_off_user_id, DROP COLUMN opted_out_at, DROP COLUMN staff_read_at`);
  }
}
