import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CLINIC_MIGRATIONS } from '@sophie/migrations';
import type { MigrationClass } from '@sophie/tenancy';

/**
 * Bench-only clinic migrations: each creates one small table. They are appended to the shipped
 * list in order, one more per run, so that each run of migrate-all has exactly one new migration
 * to apply to every clinic of its set.
 */

/** After every shipped clinic migration (TypeORM reads the timestamp from the name's last 13 digits). */
const FIRST_TIMESTAMP = 1_900_000_000_000;

export function probeMigration(index: number): MigrationClass {
  const timestamp = FIRST_TIMESTAMP + index;
  const name = `BenchProbe${timestamp}`;
  const table = `bench_probe_${index}`;
  return class BenchProbe implements MigrationInterface {
    name = name;

    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`CREATE TABLE ${table} (id integer PRIMARY KEY, note text)`);
    }

    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  };
}

/** The name under which a probe is recorded in clinic_migrations. */
export function probeName(index: number): string {
  return `BenchProbe${FIRST_TIMESTAMP + index}`;
}

/** The shipped clinic migrations followed by probes 1..count. */
export function migrationsWithProbes(count: number): MigrationClass[] {
  return [...(CLINIC_MIGRATIONS as MigrationClass[]), ...Array.from({ length: count }, (_, i) => probeMigration(i + 1))];
}
