import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Failed-login counters shared by every API instance (they were per process). UNLOGGED: no WAL, so counting a
 * failure costs little; after a crash of the registry server (and on a promoted replica) the counters start again
 * at zero, which only shortens lockouts in progress. Keys are SHA-256 digests of what is counted (the address, or
 * the address and the username): no username typed at the login form is stored.
 */
export class LoginFailures1796083200000 implements MigrationInterface {
  name = 'LoginFailures1796083200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE login_failures (
        key char(64) PRIMARY KEY,
        failures integer NOT NULL CHECK (failures > 0),
        window_ends_at timestamptz NOT NULL
      )`);
    await q.query('CREATE INDEX login_failures_window_ends_at ON login_failures (window_ends_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE login_failures');
  }
}
