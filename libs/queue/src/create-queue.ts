import type PgBoss from 'pg-boss';

const DEADLOCK = '40P01';
const CREATE_QUEUE_ATTEMPTS = 5;

/**
 * pg-boss's create_queue inserts the queue's row, then adds a partition with foreign keys to the queue table: two
 * processes creating different queues at once (a new installation's instances starting together) can each hold what
 * the other waits for, and PostgreSQL aborts one as a deadlock victim. Its work is rolled back whole, so it tries
 * again (a queue created meanwhile is left as it is).
 */
export async function createQueueOnce(boss: PgBoss, name: string, options: PgBoss.Queue): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await boss.createQueue(name, options);
      return;
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== DEADLOCK || attempt >= CREATE_QUEUE_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25 * attempt + Math.floor(Math.random() * 50)));
    }
  }
}
