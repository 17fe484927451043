import type { QueuePolicy } from './queue.types';

/** pg-boss's schema in the registry database. */
export const QUEUE_SCHEMA = 'pgboss';

/** Policies whose unique index allows one active job per singletonKey. */
function limitsActivePerKey(policy: QueuePolicy): boolean {
  return policy === 'singleton' || policy === 'stately';
}

/**
 * Takes up to $2 due jobs of queue $1 and marks them active, as pg-boss 10's own fetch does
 * (same order, same retry counting, FOR UPDATE SKIP LOCKED), with one difference for
 * `singleton` and `stately` queues: a job whose key already has an active job is passed over.
 * pg-boss 10 tries to activate it anyway, hits the unique index, swallows the error and returns
 * nothing, so one busy key holds back every other key of the queue behind it.
 * Within one batch, only the first job of each key is taken.
 * $3 is the worker process's liveness key, kept in the job's `output` while it is active (see WorkerLiveness).
 */
export function fetchJobsSql(policy: QueuePolicy): string {
  const s = QUEUE_SCHEMA;
  const keyed = limitsActivePerKey(policy);
  const notBusy = keyed
    ? `AND NOT EXISTS (
          SELECT 1 FROM ${s}.job a
          WHERE a.name = $1 AND a.state = 'active' AND a.policy = '${policy}'
            AND COALESCE(a.singleton_key, '') = COALESCE(j.singleton_key, ''))`
    : '';
  const picked = keyed
    ? `SELECT id FROM (
         SELECT id, row_number() OVER (PARTITION BY COALESCE(singleton_key, '') ORDER BY priority DESC, created_on, id) AS rn FROM next
       ) ranked WHERE rn = 1`
    : 'SELECT id FROM next';
  return `
    WITH next AS (
      SELECT j.id, j.singleton_key, j.priority, j.created_on
      FROM ${s}.job j
      WHERE j.name = $1
        AND j.state < 'active'
        AND j.start_after < now()
        ${notBusy}
      ORDER BY j.priority DESC, j.created_on, j.id
      LIMIT $2
      FOR UPDATE SKIP LOCKED
    )
    UPDATE ${s}.job j SET
      state = 'active',
      started_on = now(),
      retry_count = CASE WHEN j.started_on IS NOT NULL THEN j.retry_count + 1 ELSE j.retry_count END,
      output = jsonb_build_object('worker', $3::int)
    WHERE j.name = $1 AND j.id IN (${picked})
    RETURNING j.id, j.data, j.retry_count AS "retryCount", j.retry_limit AS "retryLimit", j.singleton_key AS "singletonKey",
      EXTRACT(epoch FROM j.expire_in)::float8 AS "expireInSeconds"`;
}

export interface FetchedJobRow {
  id: string;
  data: unknown;
  retryCount: number;
  retryLimit: number;
  singletonKey: string | null;
  expireInSeconds: number;
}

/**
 * Holds a job that failed and waits for its retry until at least $3 milliseconds from now (a Retry-After the remote
 * side asked for), never sooner than pg-boss's own backoff chose.
 */
export const POSTPONE_RETRY_SQL = `UPDATE ${QUEUE_SCHEMA}.job SET start_after = greatest(start_after, now() + $3::bigint * interval '1 millisecond')
  WHERE name = $1 AND id = $2 AND state = 'retry'`;

/**
 * Puts a job its handler did not try back to wait for `$3` ms, as if never fetched: state `created`, no start time
 * (the fetch counts a retry when it takes a job that was started before), the same retry count.
 */
export const RELEASE_UNTRIED_SQL = `UPDATE ${QUEUE_SCHEMA}.job SET state = 'created', started_on = NULL, start_after = now() + $3::bigint * interval '1 millisecond'
  WHERE name = $1 AND id = $2 AND state = 'active'`;

export const COUNTS_SQL = `SELECT state::text AS state, count(*)::int AS count FROM ${QUEUE_SCHEMA}.job WHERE name = $1 GROUP BY state`;

export const JOBS_OF_QUEUE_SQL = `SELECT id, data, output, created_on AS "createdOn" FROM ${QUEUE_SCHEMA}.job WHERE name = $1 ORDER BY created_on, id`;
