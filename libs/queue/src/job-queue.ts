import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { AppConfig, safeErrorForLog } from '@sophie/common';
import { assertJobData, assertQueueName, deadLetterQueue } from './job-data';
import { COUNTS_SQL, FetchedJobRow, fetchJobsSql, JOBS_OF_QUEUE_SQL, POSTPONE_RETRY_SQL, QUEUE_SCHEMA, RELEASE_UNTRIED_SQL } from './job-sql';
import { QUEUE_MODULE_OPTIONS } from './queue.constants';
import { createQueueOnce } from './create-queue';
import { QueueWorker } from './queue-worker';
import { PreparedStatementsDb } from './prepared-db';
import { WorkerLiveness } from './worker-liveness';
import type {
  DeadLetter,
  JobData,
  JobFailure,
  JobHandler,
  JobOutcome,
  QueueCounts,
  QueueDefinition,
  QueueModuleOptions,
  QueuePolicy,
  SendOptions,
  WorkOptions,
} from './queue.types';

/** pg-boss's floor for polling intervals, kept here too so that idle loops stay cheap. */
export const MIN_POLLING_INTERVAL_SECONDS = 0.5;
const POOL_SIZE = 4;
const WAIT_POLL_MS = 50;
const END_STATES = new Set(['completed', 'failed', 'cancelled']);

const DEFAULT_DEFINITION: Required<QueueDefinition> = {
  policy: 'standard',
  retryLimit: 3,
  retryDelay: 2,
  retryBackoff: true,
  expireInSeconds: 900,
};

interface Rows<T> {
  rows: T[];
}

/**
 * A durable job queue kept in the registry database by pg-boss 10 (schema `pgboss`).
 * Every process can define queues and send jobs; only processes with QUEUE_WORKERS=true run them.
 * Job data is small JSON of ids, never patient data (see JobValue).
 */
@Injectable()
export class JobQueue implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(JobQueue.name);
  private readonly options: Required<QueueModuleOptions>;
  private readonly policies = new Map<string, QueuePolicy>();
  private readonly workers: QueueWorker<unknown>[] = [];
  private starting: Promise<PgBoss> | undefined;
  private stopped = false;
  /** pg-boss's pool (ours: pg-boss does not close a database it was given). */
  private db?: PreparedStatementsDb;
  private workersStopped = false;
  /** This process's liveness lock and its sweep for jobs of dead processes (worker processes only). */
  private liveness: Promise<WorkerLiveness> | undefined;

  constructor(
    private readonly config: AppConfig,
    @Optional() @Inject(QUEUE_MODULE_OPTIONS) options: QueueModuleOptions | null = null,
  ) {
    this.options = {
      pollingIntervalSeconds: options?.pollingIntervalSeconds ?? 2,
      shutdownTimeoutMs: options?.shutdownTimeoutMs ?? 20_000,
      maintenanceIntervalSeconds: options?.maintenanceIntervalSeconds ?? 60,
    };
    if (this.options.pollingIntervalSeconds < MIN_POLLING_INTERVAL_SECONDS) throw new RangeError(`pollingIntervalSeconds must be at least ${MIN_POLLING_INTERVAL_SECONDS}`);
  }

  /** Whether this process runs workers (QUEUE_WORKERS). */
  get runsWorkers(): boolean {
    return this.config.queueWorkers;
  }

  async onModuleInit(): Promise<void> {
    await this.start();
  }

  /** Workers stop first, while the services their jobs use (clinic pools, registry) are still open. */
  async onModuleDestroy(): Promise<void> {
    await this.stopWorkers();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Connects and creates or migrates the `pgboss` schema (idempotent; safe with several processes at once). */
  start(): Promise<PgBoss> {
    if (this.stopped) return Promise.reject(new Error('The job queue is stopped'));
    this.starting ??= this.connect().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  /** Stops the workers (bounded wait for running jobs), then closes pg-boss's pool. */
  async stop(): Promise<void> {
    await this.stopWorkers();
    this.stopped = true;
    const boss = await this.starting?.catch(() => undefined);
    this.starting = undefined;
    if (boss) await boss.stop({ graceful: true, wait: true, timeout: 1000 });
    const db = this.db;
    this.db = undefined;
    await db?.close();
  }

  /**
   * Creates the queue and its dead-letter queue `<name>.dead` if they do not exist, or brings their
   * retry and expiry settings up to date. A job that fails every attempt ends `failed`, and a copy
   * of its data with its last error lands in `<name>.dead` (see deadLetters).
   */
  async define(name: string, definition: QueueDefinition = {}): Promise<void> {
    assertQueueName(name);
    const wanted = { ...DEFAULT_DEFINITION, ...definition };
    const boss = await this.start();
    const deadLetter = deadLetterQueue(name);
    await createQueueOnce(boss, deadLetter, { name: deadLetter, policy: 'standard', retryLimit: 0 });
    const settings = { name, policy: wanted.policy, retryLimit: wanted.retryLimit, retryDelay: wanted.retryDelay, retryBackoff: wanted.retryBackoff, expireInSeconds: wanted.expireInSeconds, deadLetter };
    await createQueueOnce(boss, name, settings);
    const stored = await boss.getQueue(name);
    if (!stored) throw new Error(`Queue ${name} could not be created`);
    if ((stored.policy ?? 'standard') !== wanted.policy) {
      throw new Error(`Queue ${name} exists with policy ${stored.policy}; a policy cannot change (use a new queue name)`);
    }
    const differs =
      stored.retryLimit !== wanted.retryLimit ||
      stored.retryDelay !== wanted.retryDelay ||
      stored.retryBackoff !== wanted.retryBackoff ||
      stored.expireInSeconds !== wanted.expireInSeconds ||
      stored.deadLetter !== deadLetter;
    if (differs) await boss.updateQueue(name, settings);
    this.policies.set(name, wanted.policy);
  }

  /**
   * Queues a job. Answers its id, or null when the queue's policy dropped it (a `stately` or
   * `short` queue already holding a waiting job for that singletonKey).
   * `data` is ids only, never patient data: it is stored, kept and shown to operators.
   */
  async send<T extends JobData<T>>(name: string, data: T, options: SendOptions = {}): Promise<string | null> {
    assertJobData(data);
    await this.policyOf(name);
    const boss = await this.start();
    const sendOptions: PgBoss.SendOptions = {};
    if (options.singletonKey !== undefined) sendOptions.singletonKey = options.singletonKey;
    if (options.startAfter !== undefined) sendOptions.startAfter = options.startAfter;
    const id = await boss.send(name, data, sendOptions);
    if (id && options.startAfter === undefined) for (const worker of this.workers) if (worker.queue === name) worker.notify();
    return id;
  }

  /**
   * Runs `handler` for the queue's jobs in this process, when it runs workers (QUEUE_WORKERS=true);
   * otherwise does nothing (an API-only process). A handler that throws (or outlives
   * expireInSeconds) fails that attempt: pg-boss retries it with the queue's backoff, then moves it
   * to the dead-letter queue. Handlers must be idempotent: a job may run again after a crash.
   */
  async work<T>(name: string, handler: JobHandler<T>, options: WorkOptions = {}): Promise<void> {
    const policy = await this.policyOf(name);
    if (!this.config.queueWorkers) return;
    if (this.workersStopped) throw new Error('The job queue is shutting down');
    const concurrency = options.concurrency ?? 1;
    const batchSize = options.batchSize ?? 1;
    const pollingSeconds = options.pollingIntervalSeconds ?? this.options.pollingIntervalSeconds;
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be a positive integer');
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer');
    if (pollingSeconds < MIN_POLLING_INTERVAL_SECONDS) throw new RangeError(`pollingIntervalSeconds must be at least ${MIN_POLLING_INTERVAL_SECONDS}`);
    const boss = await this.start();
    const db = boss.getDb();
    const liveness = await this.startLiveness(boss);
    const fetchSql = fetchJobsSql(policy);
    const store = {
      fetch: async (size: number) => ((await db.executeSql(fetchSql, [name, size, liveness.key])) as Rows<FetchedJobRow> | undefined)?.rows ?? [],
      complete: async (id: string) => {
        await boss.complete(name, id);
      },
      fail: async (ids: string[], failure: JobFailure) => {
        for (const id of ids) await boss.fail(name, id, { ...failure });
      },
      postpone: async (id: string, ms: number) => {
        await db.executeSql(POSTPONE_RETRY_SQL, [name, id, Math.round(ms)]);
      },
      release: async (id: string, ms: number) => {
        await db.executeSql(RELEASE_UNTRIED_SQL, [name, id, Math.round(ms)]);
      },
    };
    for (let i = 0; i < concurrency; i += 1) {
      const worker = new QueueWorker<T>(name, store, handler, { batchSize, pollingMs: pollingSeconds * 1000 }, this.logger);
      this.workers.push(worker as QueueWorker<unknown>);
      worker.start();
    }
  }

  /** Worker loops this process runs, for one queue or all. */
  workerCount(name?: string): number {
    return name === undefined ? this.workers.length : this.workers.filter((w) => w.queue === name).length;
  }

  /** Queues this process defined or sent to, sorted (metrics). */
  queueNames(): string[] {
    return [...this.policies.keys()].sort();
  }

  /** Throws unless the queue's database answers a trivial query (readiness). */
  async ping(): Promise<void> {
    await this.query('SELECT 1', []);
  }

  /** Jobs that failed every attempt, oldest first: their data and last error (operators, tests). */
  async deadLetters<T>(name: string): Promise<DeadLetter<T>[]> {
    const result = await this.query<{ id: string; data: T; output: JobFailure | null; createdOn: Date }>(JOBS_OF_QUEUE_SQL, [deadLetterQueue(name)]);
    return result.map((row) => ({ id: row.id, data: row.data, error: row.output, createdOn: row.createdOn }));
  }

  /** How many jobs of the queue wait, run, completed and failed (completed ones until archived, after 12 h). */
  async counts(name: string): Promise<QueueCounts> {
    const rows = await this.query<{ state: string; count: number }>(COUNTS_SQL, [name]);
    const of = (state: string): number => rows.find((r) => r.state === state)?.count ?? 0;
    return { queued: of('created') + of('retry'), active: of('active'), completed: of('completed'), failed: of('failed') };
  }

  /**
   * Polls the job every 50 ms until it has completed, failed for good or been cancelled; throws
   * after `timeoutMs`. For tests and tools: production code reacts to jobs, it does not wait.
   */
  async waitForCompletion(name: string, jobId: string, timeoutMs = 10_000): Promise<JobOutcome> {
    const boss = await this.start();
    const deadline = Date.now() + timeoutMs;
    let last = 'unknown';
    for (;;) {
      const job = await boss.getJobById<unknown>(name, jobId, { includeArchive: true });
      if (!job) throw new Error(`Job ${jobId} of ${name} not found`);
      last = job.state;
      if (END_STATES.has(job.state)) {
        const error = job.state === 'failed' ? ((job.output ?? null) as JobFailure | null) : null;
        return { id: job.id, state: job.state as JobOutcome['state'], attempts: job.retryCount + 1, error };
      }
      if (Date.now() >= deadline) throw new Error(`Job ${jobId} of ${name} still ${last} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
    }
  }

  private async connect(): Promise<PgBoss> {
    // Through the pooler when there is one (DATABASE_POOL_URL): pg-boss's work is single statements and
    // transactions sent as one multi-statement query, so transaction mode suits it.
    const db = new PreparedStatementsDb(
      { connectionString: this.config.registryPoolUrl, max: POOL_SIZE, application_name: 'sophie-queue' },
      (error) => this.logger.error({ error: safeErrorForLog(error) }, 'Job queue connection error'),
      { named: this.config.preparedStatements },
    );
    this.db = db;
    const boss = new PgBoss({
      db,
      schema: QUEUE_SCHEMA,
      // No cron schedules: their timekeeper would add its own polling loop and clock checks.
      schedule: false,
      supervise: true,
      migrate: true,
      maintenanceIntervalSeconds: this.options.maintenanceIntervalSeconds,
    });
    // Pool and maintenance errors; never job data. Without a listener an 'error' event would crash the process.
    boss.on('error', (error: unknown) => this.logger.error({ error: safeErrorForLog(error) }, 'Job queue error'));
    try {
      await boss.start();
    } catch (error) {
      this.db = undefined;
      await db.close().catch(() => undefined);
      throw error;
    }
    return boss;
  }

  private async stopWorkers(): Promise<void> {
    this.workersStopped = true;
    const workers = this.workers.splice(0);
    await Promise.all(workers.map((worker) => worker.stop(this.options.shutdownTimeoutMs)));
    const liveness = await this.liveness?.catch(() => undefined);
    this.liveness = undefined;
    await liveness?.stop();
  }

  /** Takes this process's liveness lock before its first job, once (see WorkerLiveness). */
  private startLiveness(boss: PgBoss): Promise<WorkerLiveness> {
    this.liveness ??= (async () => {
      const liveness = new WorkerLiveness(
        // Direct, never through a pooler: the lock lives as long as this connection's session.
        this.config.registryUrl,
        {
          query: (sql, values) => this.query(sql, values),
          fail: async (job) => {
            await boss.fail(job.name, job.id, { type: 'WorkerLost', message: 'the process running this job stopped' });
          },
        },
        this.logger,
      );
      await liveness.start();
      return liveness;
    })().catch((error: unknown) => {
      this.liveness = undefined;
      throw error;
    });
    return this.liveness;
  }

  private async policyOf(name: string): Promise<QueuePolicy> {
    const known = this.policies.get(name);
    if (known) return known;
    const boss = await this.start();
    const queue = await boss.getQueue(name);
    if (!queue) throw new Error(`Queue ${name} is not defined: call define() first`);
    const policy: QueuePolicy = queue.policy ?? 'standard';
    this.policies.set(name, policy);
    return policy;
  }

  private async query<T>(sql: string, values: unknown[]): Promise<T[]> {
    const boss = await this.start();
    const result = (await boss.getDb().executeSql(sql, values)) as Rows<T> | undefined;
    if (!result) throw new Error('The job queue is stopped');
    return result.rows;
  }
}
