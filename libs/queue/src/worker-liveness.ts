import { randomInt } from 'node:crypto';
import type { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { safeErrorForLog } from '@sophie/common';
import { QUEUE_SCHEMA } from './job-sql';

/**
 * First key of the two-key advisory locks that say "this worker process is alive" (ASCII "QWKR"); the second key is
 * the process's own. The two-key form (pg_locks.objsubid = 2) never meets the registry's one-key locks.
 */
export const LIVENESS_LOCK_CLASS = 0x51574b52;
/** How often a worker process looks for jobs left active by a process that is gone. */
const SWEEP_INTERVAL_MS = 5_000;
/**
 * How long a job's process must have been seen gone before its job is failed for a retry: a live process whose
 * lock connection dropped (a registry blip) takes its lock again well within this (it retries every second), so
 * its running jobs are not run a second time elsewhere.
 */
const GRACE_MS = 15_000;
const RECONNECT_DELAY_MS = 1_000;

/**
 * Active jobs ($1 = LIVENESS_LOCK_CLASS) whose worker process no longer holds its liveness lock: the process was
 * killed (SIGKILL, a crash, a lost machine), so PostgreSQL ended its session and released the lock. `output.worker`
 * is written when a job is taken (fetchJobsSql); jobs taken without it are left to pg-boss's expiry.
 */
const ABANDONED_JOBS_SQL = `
  SELECT j.id, j.name FROM ${QUEUE_SCHEMA}.job j
  WHERE j.state = 'active' AND j.output ? 'worker'
    AND NOT EXISTS (
      SELECT 1 FROM pg_locks l
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND l.classid = $1::bigint::oid AND l.objid = (j.output->>'worker')::bigint::oid)`;

export interface AbandonedJob {
  id: string;
  name: string;
}

/** What liveness needs of the queue: a query on pg-boss's pool, and pg-boss's own fail (retry, then dead letter). */
export interface LivenessQueue {
  query<T>(sql: string, values: unknown[]): Promise<T[]>;
  fail(job: AbandonedJob): Promise<void>;
}

/**
 * Crash recovery for the queue's running jobs. pg-boss 10 only notices a job whose process died when the job's
 * `expireInSeconds` runs out (minutes), and a `stately` queue runs nothing else of that key meanwhile: one
 * conversation would wait that long for its answers after a crash. Instead, each worker process holds a session
 * advisory lock named by its own key on a connection of its own, and marks every job it takes with that key; a
 * session ends with its process, however it dies. Every worker process sweeps for active jobs whose key's lock is
 * gone and, once it has stayed gone for GRACE_MS, fails them through pg-boss, which retries them with the queue's
 * backoff (handlers are idempotent).
 */
export class WorkerLiveness {
  /** This process's key: the second key of its lock, written into the jobs it takes. */
  key = randomInt(1, 2 ** 31 - 1);
  private client: Client | undefined;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  /** Abandoned-looking jobs and when they were first seen so. */
  private readonly suspects = new Map<string, number>();

  constructor(
    private readonly registryUrl: string,
    private readonly queue: LivenessQueue,
    private readonly logger: Logger,
  ) {}

  /** Takes the lock (before any job is taken with this key), then sweeps now and every SWEEP_INTERVAL_MS. */
  async start(): Promise<void> {
    await this.hold(true);
    this.sweepTimer = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.sweepTimer.unref();
    void this.sweep();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweepTimer);
    clearTimeout(this.reconnectTimer);
    await this.sweeping;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** Looks for abandoned jobs once; fails those seen abandoned for GRACE_MS. Errors are logged (the registry may be down). */
  sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce().finally(() => {
      this.sweeping = undefined;
    });
    return this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    if (this.stopped || !this.client) return;
    try {
      const rows = await this.queue.query<AbandonedJob>(ABANDONED_JOBS_SQL, [LIVENESS_LOCK_CLASS]);
      const now = Date.now();
      const seen = new Set(rows.map((row) => row.id));
      for (const id of this.suspects.keys()) if (!seen.has(id)) this.suspects.delete(id);
      for (const row of rows) {
        const since = this.suspects.get(row.id);
        if (since === undefined) {
          this.suspects.set(row.id, now);
        } else if (now - since >= GRACE_MS) {
          this.suspects.delete(row.id);
          this.logger.warn({ queue: row.name, jobId: row.id }, 'Job left active by a stopped process: failed so that it is retried');
          await this.queue.fail(row);
        }
      }
    } catch (error) {
      this.logger.warn({ error: safeErrorForLog(error) }, 'Looking for abandoned jobs failed');
    }
  }

  /** Opens the lock connection and takes the lock; at first start a key somebody holds is exchanged for another. */
  private async hold(first: boolean): Promise<void> {
    const client = new Client({ connectionString: this.registryUrl, application_name: 'sophie-queue-liveness', keepAlive: true });
    client.on('error', (error) => this.logger.warn({ error: safeErrorForLog(error) }, 'Worker liveness connection lost'));
    await client.connect();
    try {
      for (;;) {
        const { rows } = await client.query<{ held: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS held', [LIVENESS_LOCK_CLASS, this.key]);
        if (rows[0]?.held) break;
        if (!first) throw new Error('Another session holds this worker process\'s liveness lock');
        this.key = randomInt(1, 2 ** 31 - 1);
      }
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    client.once('end', () => this.reconnectLater());
    this.client = client;
  }

  /** The lock connection ended (the registry restarted, a network cut): take the lock again as soon as possible. */
  private reconnectLater(): void {
    this.client = undefined;
    if (this.stopped) return;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      this.hold(false).catch((error: unknown) => {
        this.logger.warn({ error: safeErrorForLog(error) }, 'Worker liveness lock not taken yet; trying again');
        this.reconnectLater();
      });
    }, RECONNECT_DELAY_MS);
    this.reconnectTimer.unref();
  }
}
