/**
 * Queue policies of pg-boss 10, each enforced by a unique index over a job's queue, state and
 * `singletonKey` (jobs without a key share the key ''):
 * - `standard`: no limit.
 * - `short`: at most one job *created* (waiting) per key; any number active.
 * - `singleton`: at most one job *active* per key; any number waiting.
 * - `stately`: at most one job per key in each of the states created, retry and active.
 *   A send while one is already created for that key is dropped (`send` answers null). A job that
 *   fails while another of its key already waits in `retry` skips its retries and fails at once
 *   (then goes to the dead-letter queue).
 */
export type QueuePolicy = 'standard' | 'short' | 'singleton' | 'stately';

/** How a queue treats its jobs; kept in the database with the queue. */
export interface QueueDefinition {
  /** Default `standard`. Cannot change once the queue exists. */
  policy?: QueuePolicy;
  /** Retries after the first attempt before the job fails for good (default 3). */
  retryLimit?: number;
  /** Seconds before a retry (default 2; at least 1 with backoff). */
  retryDelay?: number;
  /**
   * Exponential backoff (default true): retry n (1-based) waits
   * `retryDelay * 2^(n-1) * (1 + random)` seconds, i.e. between `retryDelay * 2^(n-1)` and twice that.
   */
  retryBackoff?: boolean;
  /** How long one attempt may run before it counts as failed (default 900 s, less than 24 h). */
  expireInSeconds?: number;
}

/**
 * A job's payload: a small JSON object of ids and flags, **never patient data** (no names, phone
 * numbers, message text): it is stored in the registry database, kept after completion, copied to
 * the dead-letter queue and visible to operators. At most MAX_JOB_DATA_BYTES once serialised.
 */
export type JobValue = string | number | boolean | null | readonly (string | number)[];

/** Accepts interfaces as well as type aliases whose every field is a JobValue. */
export type JobData<T> = { [K in keyof T]: JobValue };

export interface SendOptions {
  /** Groups jobs for the queue's policy (e.g. `clinicId:conversationId`); ids only. */
  singletonKey?: string;
  /** Not before this instant, or this many seconds from now. */
  startAfter?: Date | number;
}

export interface WorkOptions {
  /** Jobs this process runs at once for the queue (default 1): that many polling loops. */
  concurrency?: number;
  /** Jobs one loop takes per fetch and runs together (default 1); each completes or fails on its own. */
  batchSize?: number;
  /** Seconds between polls of an idle loop (default from QueueModuleOptions; at least 0.5). */
  pollingIntervalSeconds?: number;
}

export interface QueueJob<T> {
  id: string;
  name: string;
  data: T;
  /** 1 for the first attempt, 2 for the first retry… */
  attempt: number;
  /**
   * True when no retry follows if this attempt fails (the queue's retryLimit is reached): a handler that fails now
   * should leave what it was doing visibly failed, since the job then only lands in the dead-letter queue.
   */
  finalAttempt: boolean;
  singletonKey: string | null;
}

/**
 * An error may carry `retryAfterMs` (the remote side's Retry-After): the retry then waits at least that long, and
 * never less than the queue's backoff.
 */
export interface RetryAfterHint {
  retryAfterMs?: number;
  /**
   * The work was not tried at all (its clinic is read-only for a moment, say): the job goes back to wait for
   * `retryAfterMs` without using up one of its attempts, so a long pause never sends it to the dead letters.
   */
  notAnAttempt?: boolean;
}

export type JobHandler<T> = (job: QueueJob<T>) => Promise<void>;

/** What is stored of a handler's error: never its properties, which may quote data (see safeErrorForLog). */
export interface JobFailure {
  type?: string;
  message?: string;
  code?: unknown;
  stack?: string;
}

export interface DeadLetter<T> {
  /** The dead-letter job's own id (pg-boss does not keep the original job's id). */
  id: string;
  data: T;
  /** The last attempt's error. */
  error: JobFailure | null;
  createdOn: Date;
}

export interface QueueCounts {
  /** Waiting: created, or failed and waiting for a retry. */
  queued: number;
  active: number;
  completed: number;
  /** Failed for good (retries exhausted); each has a copy in the dead-letter queue. */
  failed: number;
}

export type JobEndState = 'completed' | 'failed' | 'cancelled';

export interface JobOutcome {
  id: string;
  state: JobEndState;
  /** Attempts made. */
  attempts: number;
  /** The error of the last attempt, for a failed job. */
  error: JobFailure | null;
}

export interface QueueModuleOptions {
  /** Default polling interval of idle worker loops, in seconds (default 2, at least 0.5). */
  pollingIntervalSeconds?: number;
  /** How long shutdown waits for running jobs before failing them for a retry elsewhere (default 20 000 ms). */
  shutdownTimeoutMs?: number;
  /** How often pg-boss fails jobs whose attempt outlived expireInSeconds (crashed workers) and archives old ones (default 60 s). */
  maintenanceIntervalSeconds?: number;
}
