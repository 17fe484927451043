import type { TestApp } from '../../support/test-app';
import { withAdmin } from '../../support/test-env';
import { eventually } from '../../support/whatsapp';

/** A job of a product queue as pg-boss keeps it: its retry metadata and its last error. */
export interface JobRow {
  id: string;
  state: string;
  retry_count: number;
  retry_limit: number;
  retry_delay: number;
  /** Seconds from the start of the attempt that failed to the retry pg-boss scheduled (attempt time + backoff). */
  wait_seconds: number;
  /** Seconds from now to the scheduled retry. */
  due_in_seconds: number;
  output: { type?: string; message?: string } | null;
}

const JOB_COLUMNS = `id, state::text AS state, retry_count, retry_limit, retry_delay,
  EXTRACT(epoch FROM start_after - started_on)::float8 AS wait_seconds,
  EXTRACT(epoch FROM start_after - now())::float8 AS due_in_seconds, output`;

/**
 * Reads and moves a product queue's jobs in the registry, for one singleton key (`clinicId:conversationId`,
 * `clinicId:appointmentId`). Retries are made due by moving pg-boss's start_after, never by sleeping.
 */
export class JobClock {
  constructor(
    private readonly api: TestApp,
    readonly queue: string,
  ) {}

  registry<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return withAdmin(`${this.api.prefix}_registry`, async (c) => (await c.query(sql, params)).rows as T[]);
  }

  /** Every job of the key, oldest first (jobs of the dead-letter queue excluded). */
  jobs(key: string): Promise<JobRow[]> {
    return this.registry<JobRow>(`SELECT ${JOB_COLUMNS} FROM pgboss.job WHERE name = $1 AND singleton_key = $2 ORDER BY created_on, id`, [this.queue, key]);
  }

  /** Waits until the key's job failed attempt `attempt` (1-based) and waits for its retry; answers that job. */
  waitForRetry(key: string, attempt: number, timeoutMs = 20_000): Promise<JobRow> {
    return eventually(async () => (await this.jobs(key)).find((job) => job.state === 'retry' && job.retry_count === attempt - 1), `${this.queue} job ${key} to wait for retry ${attempt}`, timeoutMs);
  }

  /** Time travel: the key's job waiting for a retry is due now. */
  async retryNow(key: string): Promise<void> {
    await this.registry(`UPDATE pgboss.job SET start_after = now() WHERE name = $1 AND singleton_key = $2 AND state = 'retry'`, [this.queue, key]);
  }

  /** Waits until every job of the key has ended in `state` (completed or failed); answers them. */
  waitForEnd(key: string, state: 'completed' | 'failed', timeoutMs = 20_000): Promise<JobRow[]> {
    return eventually(async () => {
      const jobs = await this.jobs(key);
      return jobs.length > 0 && jobs.every((job) => job.state === state) ? jobs : undefined;
    }, `${this.queue} jobs of ${key} to be ${state}`, timeoutMs);
  }

  /**
   * Fails the key's job through every retry: each time it waits for its retry, makes it due now. Answers the waits
   * pg-boss scheduled, in order, once a job of the key has failed after its last retry.
   */
  async runOutOfRetries(key: string, onRetry?: (attempt: number) => Promise<void> | void): Promise<JobRow[]> {
    const waits: JobRow[] = [];
    for (let attempt = 1; ; attempt += 1) {
      const job = await eventually(
        async () => (await this.jobs(key)).find((j) => (j.state === 'retry' && j.retry_count === attempt - 1) || (j.state === 'failed' && j.retry_count >= j.retry_limit)),
        `${this.queue} attempt ${attempt} of ${key} to fail`,
      );
      if (job.state === 'failed') return waits;
      waits.push(job);
      await onRetry?.(attempt);
      await this.retryNow(key);
    }
  }

  /** Copies of the key's failed jobs in the dead-letter queue `<queue>.dead` (data and last error). */
  deadLetters(match: Record<string, string>): Promise<Array<{ data: Record<string, string>; output: JobRow['output'] }>> {
    return this.registry(`SELECT data, output FROM pgboss.job WHERE name = $1 AND data @> $2::jsonb`, [`${this.queue}.dead`, JSON.stringify(match)]);
  }
}

/**
 * pg-boss's exponential backoff: retry n (1-based) waits between retryDelay·2^(n-1) and twice that. `attemptSeconds`
 * bounds how long the failing attempt itself took (a timeout, say).
 */
export function backoffWindow(retryDelay: number, retry: number, attemptSeconds: number): [number, number] {
  const floor = retryDelay * 2 ** (retry - 1);
  return [floor, 2 * floor + attemptSeconds];
}

/** The value of one sample of Prometheus exposition text whose labels include `labels`; 0 when absent. */
export function metricSample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(',');
    if (wanted.every((pair) => present.includes(pair))) return Number(match[3]);
  }
  return 0;
}
