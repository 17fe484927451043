import type { Logger } from '@nestjs/common';
import { safeErrorForLog } from '@sophie/common';
import type { FetchedJobRow } from './job-sql';
import type { JobFailure, JobHandler, QueueJob, RetryAfterHint } from './queue.types';

/** What a worker loop needs of the queue's storage. */
export interface WorkerStore {
  fetch(batchSize: number): Promise<FetchedJobRow[]>;
  complete(id: string): Promise<void>;
  fail(ids: string[], failure: JobFailure): Promise<void>;
  /** Delays a failed job's retry until at least `ms` from now. */
  postpone(id: string, ms: number): Promise<void>;
  /** Back to waiting for `ms`, its attempt not counted (see RetryAfterHint.notAnAttempt). */
  release(id: string, ms: number): Promise<void>;
}

export interface WorkerSettings {
  batchSize: number;
  pollingMs: number;
}

/** Longest pause after repeated fetch errors (the registry unreachable, say). */
const MAX_ERROR_PAUSE_MS = 30_000;

/** What is kept of a handler's error: its type, message, code and the top of its stack. */
export function jobFailure(error: unknown): JobFailure {
  const safe = safeErrorForLog(error) as { type?: string; message?: string; code?: unknown; stack?: string };
  return { type: safe.type, message: safe.message, code: safe.code, stack: safe.stack?.split('\n').slice(0, 6).join('\n') };
}

/** The clinic a job is for when its data names one: its failure lines are written outside the handler's clinic scope. */
function clinicOf(data: unknown): string | undefined {
  const clinicId = (data as { clinicId?: unknown } | null)?.clinicId;
  return typeof clinicId === 'string' ? clinicId : undefined;
}

/** How long a job its handler did not try waits when the error names no Retry-After. */
const UNTRIED_WAIT_MS = 30_000;

/** The Retry-After an error carries (see RetryAfterHint), within a day; undefined otherwise. */
export function retryAfterOf(error: unknown): number | undefined {
  const ms = (error as RetryAfterHint | null)?.retryAfterMs;
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? Math.min(ms, 86_400_000) : undefined;
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === '23505';
}

class JobTimeoutError extends Error {
  constructor(ms: number) {
    super(`Job handler exceeded ${ms} ms (expireInSeconds)`);
    this.name = 'JobTimeoutError';
  }
}

async function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new JobTimeoutError(ms)), ms);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One polling loop over one queue: fetch up to batchSize due jobs, run them together, complete or
 * fail each on its own (pg-boss then retries with backoff or moves it to the dead-letter queue),
 * fetch again at once after a full batch, otherwise wait for the polling interval or a notify().
 */
export class QueueWorker<T> {
  private stopping = false;
  private notified = false;
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private done: Promise<void> | undefined;
  private readonly inFlight = new Set<string>();
  private readonly abandoned = new Set<string>();

  constructor(
    readonly queue: string,
    private readonly store: WorkerStore,
    private readonly handler: JobHandler<T>,
    private readonly settings: WorkerSettings,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.done ??= this.loop();
  }

  /** Ends the wait for the next poll (a job was just sent by this process). */
  notify(): void {
    this.notified = true;
    this.wake?.();
  }

  /**
   * Stops fetching and waits up to `timeoutMs` for running jobs; jobs still running then are
   * failed ("shut down while active") so that they are retried, here after a restart or elsewhere.
   */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    this.notify();
    if (!this.done) return;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      this.done.then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (finished || this.inFlight.size === 0) return;
    const ids = [...this.inFlight];
    for (const id of ids) this.abandoned.add(id);
    this.logger.warn({ queue: this.queue, jobs: ids.length }, 'Shutdown: failing jobs still running so they are retried');
    await this.store.fail(ids, { type: 'Shutdown', message: 'shut down while active' }).catch((error: unknown) => this.logger.error({ queue: this.queue, error: safeErrorForLog(error) }, 'Could not fail abandoned jobs'));
  }

  private async loop(): Promise<void> {
    let errors = 0;
    while (!this.stopping) {
      this.notified = false;
      let rows: FetchedJobRow[] = [];
      try {
        rows = await this.store.fetch(this.settings.batchSize);
        errors = 0;
      } catch (error) {
        // Two loops racing for two jobs of one key: the loser finds nothing this time.
        if (!isUniqueViolation(error)) {
          errors += 1;
          this.logger.warn({ queue: this.queue, error: safeErrorForLog(error) }, 'Fetching jobs failed');
        }
      }
      if (rows.length > 0) {
        await Promise.all(rows.map((row) => this.run(row)));
        if (rows.length === this.settings.batchSize) continue;
      }
      if (!this.stopping) await this.pause(errors === 0 ? this.settings.pollingMs : Math.min(MAX_ERROR_PAUSE_MS, this.settings.pollingMs * 2 ** errors));
    }
  }

  private pause(ms: number): Promise<void> {
    if (this.notified) return Promise.resolve();
    return new Promise((resolve) => {
      const end = (): void => {
        clearTimeout(this.timer);
        this.timer = undefined;
        this.wake = undefined;
        resolve();
      };
      this.timer = setTimeout(end, ms);
      this.wake = end;
    });
  }

  private async run(row: FetchedJobRow): Promise<void> {
    const job: QueueJob<T> = {
      id: row.id,
      name: this.queue,
      data: row.data as T,
      attempt: row.retryCount + 1,
      finalAttempt: row.retryCount >= row.retryLimit,
      singletonKey: row.singletonKey,
    };
    this.inFlight.add(job.id);
    let failure: unknown;
    let failed = false;
    try {
      await withTimeout(Promise.resolve().then(() => this.handler(job)), Math.max(1, row.expireInSeconds) * 1000);
    } catch (error) {
      failed = true;
      failure = error;
    }
    this.inFlight.delete(job.id);
    if (this.abandoned.delete(job.id)) return;
    try {
      if (failed && (failure as RetryAfterHint | null)?.notAnAttempt) {
        const waitMs = retryAfterOf(failure) ?? UNTRIED_WAIT_MS;
        this.logger.log({ queue: this.queue, jobId: job.id, clinicId: clinicOf(job.data), waitMs }, 'Job not tried now; it waits without using an attempt');
        await this.store.release(job.id, waitMs);
      } else if (failed) {
        const recorded = jobFailure(failure);
        this.logger.warn({ queue: this.queue, jobId: job.id, clinicId: clinicOf(job.data), attempt: job.attempt, error: recorded }, 'Job failed');
        await this.store.fail([job.id], recorded);
        const retryAfterMs = job.finalAttempt ? undefined : retryAfterOf(failure);
        if (retryAfterMs !== undefined) await this.store.postpone(job.id, retryAfterMs);
      } else {
        await this.store.complete(job.id);
      }
    } catch (error) {
      // The job stays active; pg-boss's maintenance fails it after expireInSeconds and it is retried.
      this.logger.error({ queue: this.queue, jobId: job.id, clinicId: clinicOf(job.data), error: safeErrorForLog(error) }, 'Could not record the end of a job');
    }
  }
}
