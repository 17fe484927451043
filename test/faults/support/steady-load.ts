/** One answer under load: when the request started and ended (ms since the epoch), and what came back. */
export interface LoadSample {
  startedAt: number;
  endedAt: number;
  status: number;
  code?: string;
  retryAfter: string | null;
  /** The error body's keys (the API's one error shape), for answers that are not 2xx. */
  errorKeys?: string[];
}

/** A pace between two requests of one loop, so a steady load does not starve the two shared cores. */
const PACE_MS = 20;

/**
 * A steady load on one URL: `loops` clients, each sending the next request when the last one answered, until
 * `stop()`. Every answer is kept; a request that gets no answer at all within 10 s counts as status 0.
 */
export class SteadyLoad {
  readonly samples: LoadSample[] = [];
  private stopped = false;
  private readonly running: Promise<void>[];

  constructor(
    private readonly url: string,
    private readonly token: string,
    loops: number,
  ) {
    this.running = Array.from({ length: loops }, () => this.loop());
  }

  /** Answers that started at or after `from` and ended at or before `to`. */
  between(from: number, to = Number.POSITIVE_INFINITY): LoadSample[] {
    return this.samples.filter((s) => s.startedAt >= from && s.endedAt <= to);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.running);
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      this.samples.push(await this.once());
      await new Promise((resolve) => setTimeout(resolve, PACE_MS));
    }
  }

  private async once(): Promise<LoadSample> {
    const startedAt = Date.now();
    try {
      const response = await fetch(this.url, { headers: { authorization: `Bearer ${this.token}` }, signal: AbortSignal.timeout(10_000) });
      const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
      const sample: LoadSample = { startedAt, endedAt: Date.now(), status: response.status, retryAfter: response.headers.get('retry-after') };
      if (response.status >= 300) {
        sample.code = typeof body?.code === 'string' ? body.code : undefined;
        sample.errorKeys = Object.keys(body ?? {}).sort();
      }
      return sample;
    } catch {
      return { startedAt, endedAt: Date.now(), status: 0, retryAfter: null };
    }
  }
}
