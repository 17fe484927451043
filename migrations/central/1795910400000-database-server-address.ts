import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One record per PostgreSQL server: two records at one address would count its clinics twice against two
 * capacities. The host is compared without case (DNS names are case-insensitive).
 */
export class DatabaseServerAddress1795910400000 implements MigrationInterface {
  name = 'DatabaseServerAddress1795910400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE UNIQUE INDEX database_servers_address ON database_servers (lower(host), port)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX database_servers_address');
  }
}
