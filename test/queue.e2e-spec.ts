import { AppConfig } from '../libs/common/src';
import { JobQueue, QueueJob } from '../libs/queue/src';
import { TestApp } from './support/test-app';

/** A promise settled from outside (a handler's gate, or a signal that a handler started). */
function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Waits for a real event, failing the test after `ms` instead of hanging. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

type Ref = { ref: string };
type Conversation = { key: string; n: number };

describe(JobQueue.name, () => {
  let api: TestApp;
  const queues: JobQueue[] = [];
  const gates: Array<() => void> = [];

  /** A JobQueue over the test installation's registry, as another process would have it. */
  async function instance(queueWorkers: boolean, shutdownTimeoutMs = 5000): Promise<JobQueue> {
    const queue = new JobQueue(new AppConfig({ ...api.config, queueWorkers }), { pollingIntervalSeconds: 0.5, shutdownTimeoutMs });
    queues.push(queue);
    await queue.start();
    return queue;
  }

  beforeAll(async () => {
    api = await TestApp.start();
  });

  afterAll(async () => {
    for (const open of gates) open();
    await Promise.all(queues.map((q) => q.stop()));
    await api.destroy();
  });

  it('processes each job exactly once, with several workers, in the API application', async () => {
    const queue = api.app.get(JobQueue);
    await queue.define('once', { retryLimit: 0 });
    const runs = new Map<string, number>();
    await queue.work<Ref>('once', async (job) => {
      runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
      await Promise.resolve();
    }, { concurrency: 4, batchSize: 2 });

    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => queue.send<Ref>('once', { ref: `r${i}` })));
    const outcomes = await Promise.all(ids.map((id) => queue.waitForCompletion('once', id ?? '', 15_000)));

    expect(outcomes.every((o) => o.state === 'completed' && o.attempts === 1)).toBe(true);
    expect(ids.map((id) => runs.get(id ?? ''))).toEqual(Array(20).fill(1));
    expect(await queue.counts('once')).toEqual({ queued: 0, active: 0, completed: 20, failed: 0 });
  });

  it('retries a failing job with growing delays, then leaves it in the dead-letter queue with its last error', async () => {
    const queue = await instance(true);
    await queue.define('flaky', { retryLimit: 2, retryDelay: 1, retryBackoff: true });
    const attempts: Array<{ attempt: number; at: number }> = [];
    await queue.work<Ref>('flaky', (job) => {
      attempts.push({ attempt: job.attempt, at: Date.now() });
      return Promise.reject(new Error(`boom on attempt ${job.attempt}`));
    });

    const id = await queue.send<Ref>('flaky', { ref: 'flaky-1' });
    const outcome = await queue.waitForCompletion('flaky', id ?? '', 20_000);

    expect(outcome).toMatchObject({ state: 'failed', attempts: 3, error: { type: 'Error', message: 'boom on attempt 3' } });
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    // Backoff: retry n waits retryDelay * 2^(n-1) * (1 + random) seconds, so at least 1 s, then at least 2 s.
    const gaps = [attempts[1].at - attempts[0].at, attempts[2].at - attempts[1].at];
    expect(gaps[0]).toBeGreaterThanOrEqual(1000);
    expect(gaps[1]).toBeGreaterThanOrEqual(2000);

    const dead = await queue.deadLetters<Ref>('flaky');
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ data: { ref: 'flaky-1' }, error: { message: 'boom on attempt 3' } });
    expect(await queue.counts('flaky')).toMatchObject({ queued: 0, active: 0, failed: 1 });
  });

  it('keeps jobs across a restart: sent with no worker running, or cut off by a shutdown, a new instance runs them', async () => {
    const first = await instance(true, 200);
    await first.define('durable', { retryLimit: 2, retryDelay: 0, retryBackoff: false });
    const waiting = await first.send<Ref>('durable', { ref: 'waiting' });

    // A job running when its process stops is failed for a retry, not lost.
    const started = deferred();
    const never = deferred();
    gates.push(never.resolve);
    await first.work<Ref>('durable', async () => {
      started.resolve();
      await never.promise;
    });
    await within(started.promise, 10_000, 'the first instance to start a job');
    await first.stop();

    const second = await instance(true);
    await second.define('durable', { retryLimit: 2, retryDelay: 0, retryBackoff: false });
    const later = await second.send<Ref>('durable', { ref: 'later' });
    const seen: Array<QueueJob<Ref>> = [];
    await second.work<Ref>('durable', async (job) => {
      seen.push(job);
      await Promise.resolve();
    });
    for (const id of [waiting, later]) {
      expect((await second.waitForCompletion('durable', id ?? '', 10_000)).state).toBe('completed');
    }
    // The job cut off by the shutdown was the one sent first; it ran again as its second attempt.
    expect(seen.find((job) => job.data.ref === 'waiting')?.attempt).toBe(2);
    expect(seen.find((job) => job.data.ref === 'later')?.attempt).toBe(1);
  });

  it('stately with a singletonKey keeps one job waiting per key while one runs, and runs other keys meanwhile', async () => {
    const queue = await instance(true);
    await queue.define('conversation', { policy: 'stately', retryLimit: 0 });
    const gateA = deferred();
    gates.push(gateA.resolve);
    const startedA1 = deferred();
    const running = new Map<string, number>();
    const maxRunning = new Map<string, number>();
    await queue.work<Conversation>('conversation', async (job) => {
      const now = (running.get(job.data.key) ?? 0) + 1;
      running.set(job.data.key, now);
      maxRunning.set(job.data.key, Math.max(now, maxRunning.get(job.data.key) ?? 0));
      try {
        if (job.data.key === 'A' && job.data.n === 1) {
          startedA1.resolve();
          await gateA.promise;
        }
      } finally {
        running.set(job.data.key, (running.get(job.data.key) ?? 1) - 1);
      }
    }, { concurrency: 2 });

    const a1 = await queue.send<Conversation>('conversation', { key: 'A', n: 1 }, { singletonKey: 'A' });
    await within(startedA1.promise, 10_000, 'the first job of A to start');
    const more: Array<string | null> = [];
    for (const n of [2, 3, 4]) more.push(await queue.send<Conversation>('conversation', { key: 'A', n }, { singletonKey: 'A' }));
    expect(more[0]).toEqual(expect.any(String));
    expect(more.slice(1)).toEqual([null, null]);
    expect(await queue.counts('conversation')).toMatchObject({ queued: 1, active: 1 });

    // B is not held up behind A's waiting job (pg-boss 10's own fetch would be).
    const b1 = await queue.send<Conversation>('conversation', { key: 'B', n: 1 }, { singletonKey: 'B' });
    expect((await queue.waitForCompletion('conversation', b1 ?? '', 5000)).state).toBe('completed');
    expect(await queue.counts('conversation')).toMatchObject({ queued: 1, active: 1 });

    gateA.resolve();
    for (const id of [a1, more[0]]) expect((await queue.waitForCompletion('conversation', id ?? '', 10_000)).state).toBe('completed');
    expect(maxRunning.get('A')).toBe(1);
  });

  it('runs no handler in a process with QUEUE_WORKERS=false, which still defines and sends', async () => {
    const apiOnly = await instance(false);
    await apiOnly.define('api-only');
    const handled: string[] = [];
    await apiOnly.work<Ref>('api-only', async (job) => {
      handled.push(job.id);
      await Promise.resolve();
    });
    expect(apiOnly.runsWorkers).toBe(false);
    expect(apiOnly.workerCount()).toBe(0);

    const id = await apiOnly.send<Ref>('api-only', { ref: 'x' });
    expect(await apiOnly.counts('api-only')).toEqual({ queued: 1, active: 0, completed: 0, failed: 0 });

    const worker = await instance(true);
    await worker.work<Ref>('api-only', async () => {
      await Promise.resolve();
    });
    expect((await worker.waitForCompletion('api-only', id ?? '', 10_000)).state).toBe('completed');
    expect(handled).toEqual([]);
  });
});
