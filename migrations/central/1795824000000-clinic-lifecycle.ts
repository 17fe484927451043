import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A clinic can be moved to another server (read-only meanwhile), and decommissioned: a final export is
 * made, its database and role are dropped, and the registry keeps a tombstone (id, profile, when, and where
 * the export went), never its credentials.
 */
export class ClinicLifecycle1795824000000 implements MigrationInterface {
  name = 'ClinicLifecycle1795824000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE clinics DROP CONSTRAINT clinics_status_check');
    await q.query(`
      ALTER TABLE clinics ADD CONSTRAINT clinics_status_check
        CHECK (status IN ('provisioning', 'active', 'suspended', 'failed', 'decommissioning', 'decommissioned'))`);
    await q.query('ALTER TABLE clinics ADD COLUMN decommissioned_at timestamptz');
    await q.query('ALTER TABLE clinics ADD COLUMN final_export_path text');
    await q.query('ALTER TABLE clinics ADD COLUMN final_export_sha256 char(64)');
    // A tombstone has no database: its name and role may be reused, and its password is gone.
    await q.query('ALTER TABLE clinics ALTER COLUMN database_password_encrypted DROP NOT NULL');
    // While a clinic's database is copied to another server, its writes are refused until this instant
    // (a lease the mover renews; a mover that dies lets it lapse, and the clinic works again where it was).
    await q.query('ALTER TABLE clinics ADD COLUMN read_only_until timestamptz');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE clinics DROP COLUMN read_only_until');
    await q.query("DELETE FROM clinics WHERE status IN ('decommissioning', 'decommissioned')");
    await q.query('ALTER TABLE clinics ALTER COLUMN database_password_encrypted SET NOT NULL');
    await q.query('ALTER TABLE clinics DROP COLUMN final_export_sha256');
    await q.query('ALTER TABLE clinics DROP COLUMN final_export_path');
    await q.query('ALTER TABLE clinics DROP COLUMN decommissioned_at');
    await q.query('ALTER TABLE clinics DROP CONSTRAINT clinics_status_check');
    await q.query("ALTER TABLE clinics ADD CONSTRAINT clinics_status_check CHECK (status IN ('provisioning', 'active', 'suspended', 'failed'))");
  }
}
