import { Injectable, Optional } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { JobQueue, type QueueCounts } from '@sophie/queue';
import { TenantPoolCache } from '@sophie/tenancy';

/** How long a scrape may wait for the queue's counts before it reports them missing (sophie_queue_metrics_up 0). */
export const QUEUE_SCRAPE_TIMEOUT_MS = 2000;
/** One scrape reads the queue's counts once for all its gauges. */
const QUEUE_SNAPSHOT_TTL_MS = 1000;
/** Label of requests that matched no route (404s, static files): a raw path never becomes a label. */
export const UNMATCHED_ROUTE = '<unmatched>';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type WebhookOutcome = 'accepted' | 'refused';

interface QueueSnapshot {
  ok: boolean;
  counts: Array<{ queue: string; counts: QueueCounts }>;
}

/** A catch-all (`/{*path}`): the route of middleware applied to every path, left on requests no handler matched. */
const CATCH_ALL = /^\/?\{?\*\w*\}?$/;

/** The route template Express matched (`/api/clinics/:clinicId`), never the path a client sent. */
export function routeTemplate(req: Request): string {
  const path: unknown = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' && !CATCH_ALL.test(path) ? path : UNMATCHED_ROUTE;
}

/** A Meta error code as a label: Meta's numeric codes only, anything else `none`. */
export function metaCodeLabel(code: number | undefined): string {
  return code !== undefined && Number.isInteger(code) && code >= 0 && code < 10_000_000 ? String(code) : 'none';
}

function seconds(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e9;
}

/**
 * The process's Prometheus registry. Labels are bounded sets only (route templates, statuses, queue names, Meta
 * codes): never clinic ids, patient data or secrets. Pool and queue gauges are read at scrape time.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly webhookAck = new Histogram({
    name: 'sophie_webhook_ack_seconds',
    help: "Time to acknowledge Meta's webhook POSTs (verify the signature, store durably), by outcome",
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  private readonly outboundErrors = new Counter({
    name: 'sophie_whatsapp_outbound_errors_total',
    help: 'WhatsApp sends Meta refused or failed, by Meta error code and kind',
    labelNames: ['code', 'kind'] as const,
    registers: [this.registry],
  });
  private queueSnapshot: { at: number; value: Promise<QueueSnapshot> } | undefined;

  constructor(@Optional() pools?: TenantPoolCache, @Optional() queue?: JobQueue) {
    collectDefaultMetrics({ register: this.registry });
    if (pools) this.poolGauges(pools);
    if (queue) this.queueGauges(queue);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text (runs the scrape-time collectors). */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** Counts every request with its route template, status and latency when its response is finished. */
  httpMiddleware(): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      const start = process.hrtime.bigint();
      res.once('finish', () => {
        const labels = { method: METHODS.has(req.method) ? req.method : 'OTHER', route: routeTemplate(req), status: String(res.statusCode) };
        this.httpRequests.inc(labels);
        this.httpDuration.observe(labels, seconds(start));
      });
      next();
    };
  }

  /** Runs a webhook acknowledgement and observes its latency ('refused' when it throws). */
  async timeWebhook<T>(work: () => Promise<T>): Promise<T> {
    const start = process.hrtime.bigint();
    let outcome: WebhookOutcome = 'refused';
    try {
      const result = await work();
      outcome = 'accepted';
      return result;
    } finally {
      this.webhookAck.observe({ outcome }, seconds(start));
    }
  }

  /** One outbound send Meta refused or failed. */
  outboundError(code: number | undefined, kind: string): void {
    this.outboundErrors.inc({ code: metaCodeLabel(code), kind });
  }

  private poolGauges(pools: TenantPoolCache): void {
    const gauge = (name: string, help: string, read: (stats: ReturnType<TenantPoolCache['stats']>) => number): void => {
      const metric: Gauge = new Gauge({ name, help, registers: [this.registry], collect: () => metric.set(read(pools.stats())) });
    };
    gauge('sophie_clinic_pools_live', 'Clinic connection pools open in this process', (s) => s.livePools);
    gauge('sophie_clinic_pools_max', 'Clinic connection pools this process may hold at once', (s) => s.maxPools);
    gauge('sophie_clinic_connections', 'Connections open across all clinic pools of this process', (s) => s.connections);
    gauge('sophie_clinic_pool_waiting', 'Requests waiting for room in the clinic connection budget', (s) => s.waiting);
  }

  private queueGauges(queue: JobQueue): void {
    const up: Gauge = new Gauge({
      name: 'sophie_queue_metrics_up',
      help: `1 when the queue's counts were read for this scrape (within ${QUEUE_SCRAPE_TIMEOUT_MS} ms), 0 otherwise`,
      registers: [this.registry],
      collect: async () => up.set((await this.snapshot(queue)).ok ? 1 : 0),
    });
    const perQueue = (name: string, help: string, read: (counts: QueueCounts) => number): void => {
      const metric: Gauge<'queue'> = new Gauge({
        name,
        help,
        labelNames: ['queue'] as const,
        registers: [this.registry],
        collect: async () => {
          metric.reset();
          for (const { queue: queueName, counts } of (await this.snapshot(queue)).counts) metric.set({ queue: queueName }, read(counts));
        },
      });
    };
    perQueue('sophie_queue_depth', 'Jobs waiting to run (new, or failed and waiting for a retry), per queue', (c) => c.queued);
    perQueue('sophie_queue_active', 'Jobs running, per queue', (c) => c.active);
    perQueue('sophie_queue_failed', 'Jobs that failed every attempt (each has a copy in <queue>.dead), per queue', (c) => c.failed);
  }

  /** The queue's counts, read once per scrape and within QUEUE_SCRAPE_TIMEOUT_MS. */
  private snapshot(queue: JobQueue): Promise<QueueSnapshot> {
    const now = Date.now();
    if (this.queueSnapshot && now - this.queueSnapshot.at < QUEUE_SNAPSHOT_TTL_MS) return this.queueSnapshot.value;
    const read = Promise.all(queue.queueNames().map(async (name) => ({ queue: name, counts: await queue.counts(name) }))).then((counts) => ({ ok: true, counts }));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<QueueSnapshot>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, counts: [] }), QUEUE_SCRAPE_TIMEOUT_MS);
    });
    const value = Promise.race([read.catch((): QueueSnapshot => ({ ok: false, counts: [] })), timeout]).finally(() => clearTimeout(timer));
    this.queueSnapshot = { at: now, value };
    return value;
  }
}
