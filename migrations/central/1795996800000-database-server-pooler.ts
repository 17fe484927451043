import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where the API's clinic pools reach a server's databases when a connection pooler (PgBouncer in transaction mode)
 * stands in front of it. Null: straight to host and port. Migrations, provisioning, backups and every other admin
 * task always use host and port.
 */
export class DatabaseServerPooler1795996800000 implements MigrationInterface {
  name = 'DatabaseServerPooler1795996800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE database_servers ADD COLUMN pooler_host varchar(255)');
    await q.query('ALTER TABLE database_servers ADD COLUMN pooler_port integer');
    await q.query(`
      ALTER TABLE database_servers ADD CONSTRAINT database_servers_pooler_check
        CHECK ((pooler_host IS NULL) = (pooler_port IS NULL) AND (pooler_port IS NULL OR pooler_port BETWEEN 1 AND 65535))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE database_servers DROP CONSTRAINT database_servers_pooler_check');
    await q.query('ALTER TABLE database_servers DROP COLUMN pooler_port');
    await q.query('ALTER TABLE database_servers DROP COLUMN pooler_host');
  }
}
