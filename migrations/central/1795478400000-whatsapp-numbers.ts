import { MigrationInterface, QueryRunner } from 'typeorm';

/** Which clinic holds which WhatsApp phone number id: one clinic per number, enforced here, centrally. */
export class WhatsAppNumbers1795478400000 implements MigrationInterface {
  name = 'WhatsAppNumbers1795478400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE whatsapp_numbers (
        phone_number_id varchar(64) PRIMARY KEY,
        clinic_id uuid NOT NULL UNIQUE REFERENCES clinics (id) ON DELETE CASCADE,
        claimed_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE whatsapp_numbers');
  }
}
