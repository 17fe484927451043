import { ChildProcess, fork } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import autocannon from 'autocannon';

/**
 * The load generator: autocannon in a child process of its own (the same bundle started with
 * LOAD_WORKER_FLAG), so it never shares the server's event loop. The parent sends one LoadSpec
 * at a time over IPC and gets a LoadResult back.
 */

export const LOAD_WORKER_FLAG = '--load-worker';

export interface LoadSpec {
  /** Base URL of the server, e.g. http://127.0.0.1:4321 */
  url: string;
  /** Paths requested in turn by every connection (each connection starts at a different one). */
  paths: string[];
  headers: Record<string, string>;
  connections: number;
  durationSeconds: number;
  /** GET unless told; a POST sends `body` (JSON) to every path. */
  method?: 'GET' | 'POST';
  body?: string;
  /** Requests per second over all connections (autocannon's overallRate); unset: as fast as the server answers. */
  overallRate?: number;
  /** Stop after this many requests in all (autocannon's `amount`), instead of after the duration. */
  amount?: number;
  /** POST a new signed WhatsApp message to every path on each request (instead of `method` and `body`). */
  signedWebhook?: SignedWebhook;
}

/** Meta's side of a clinic's WhatsApp webhook: each request is built in the worker, a new message signed as Meta signs it. */
export interface SignedWebhook {
  appSecret: string;
  phoneNumberId: string;
  /** The sender's wa_id (digits). */
  from: string;
}

/**
 * A webhook request with a body of its own on every send: a Meta notification holding one text message with a
 * unique wamid (intake is idempotent: a repeated id stores nothing), and the `x-hub-signature-256` of those bytes.
 */
function signedWebhookRequest(path: string, webhook: SignedWebhook, nextId: () => string): autocannon.Request {
  const value = (id: string): unknown => ({
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: '15550783881', phone_number_id: webhook.phoneNumberId },
    contacts: [{ profile: { name: 'Bench Patient' }, wa_id: webhook.from }],
    messages: [{ from: webhook.from, id, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: `Bonjour, message ${id}` } }],
  });
  return {
    method: 'POST',
    path,
    setupRequest: (request) => {
      const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: value(nextId()) }] }] });
      const signature = `sha256=${createHmac('sha256', webhook.appSecret).update(body).digest('hex')}`;
      return { ...request, body, headers: { ...request.headers, 'content-type': 'application/json', 'x-hub-signature-256': signature } };
    },
  };
}

export interface LoadResult {
  /** Responses received (any status). */
  responses: number;
  durationSeconds: number;
  requestsPerSecond: number;
  /** Latency percentiles in milliseconds, computed from every response's own time (not autocannon's 1 ms buckets). */
  p50: number;
  p99: number;
  mean: number;
  /** Connection errors and timeouts. */
  errors: number;
  timeouts: number;
  /** Responses whose status was not 2xx. */
  non2xx: number;
  statusCodes: Record<string, number>;
  /** CPU time the load generator itself used (user + system), in milliseconds. */
  loadCpuMs: number;
}

interface RunMessage {
  kind: 'run';
  id: number;
  spec: LoadSpec;
}

type ReplyMessage = { kind: 'result'; id: number; result: LoadResult } | { kind: 'error'; id: number; message: string };

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** A growable array of latencies (a run records tens of thousands). */
class Samples {
  private values = new Float64Array(1 << 16);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = value;
  }

  sorted(): Float64Array {
    return this.values.slice(0, this.length).sort();
  }
}

/** Runs one load in this process (the worker side). */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const { signedWebhook } = spec;
  const run = randomBytes(6).toString('hex');
  let sent = 0;
  const nextId = (): string => `wamid.bench${run}.${++sent}`;
  const requestsFor = (): autocannon.Request[] =>
    spec.paths.map((path) =>
      signedWebhook
        ? signedWebhookRequest(path, signedWebhook, nextId)
        : { method: spec.method ?? 'GET', path, ...(spec.body === undefined ? {} : { body: spec.body }) },
    );
  const requests = requestsFor();
  const latencies = new Samples();
  const statusCodes: Record<string, number> = {};
  let nextStart = 0;
  const cpuBefore = process.cpuUsage();
  return new Promise<LoadResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        connections: spec.connections,
        duration: spec.durationSeconds,
        ...(spec.amount === undefined ? {} : { amount: spec.amount }),
        ...(spec.overallRate === undefined ? {} : { overallRate: spec.overallRate }),
        headers: spec.headers,
        requests,
        // Every connection walks the same clinics in turn, each starting at a different one.
        setupClient: (client) => {
          // A request object keeps its last built buffer, which a connection's first send reuses: signed webhooks
          // need objects of their own per connection, or connections would start with the same message.
          const own = signedWebhook ? requestsFor() : requests;
          const start = nextStart++ % own.length;
          client.setRequests([...own.slice(start), ...own.slice(0, start)]);
        },
      },
      (error: Error | null, result: autocannon.Result) => {
        if (error) {
          reject(error);
          return;
        }
        const cpu = process.cpuUsage(cpuBefore);
        const sorted = latencies.sorted();
        let sum = 0;
        for (const value of sorted) sum += value;
        resolve({
          responses: sorted.length,
          durationSeconds: result.duration,
          requestsPerSecond: sorted.length / result.duration,
          p50: percentile(sorted, 50),
          p99: percentile(sorted, 99),
          mean: sorted.length ? sum / sorted.length : Number.NaN,
          errors: result.errors,
          timeouts: result.timeouts,
          non2xx: result.non2xx,
          statusCodes,
          loadCpuMs: (cpu.user + cpu.system) / 1000,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
    });
  });
}

/** The worker's main loop: one load at a time, until the parent disconnects. */
export function serveLoads(): void {
  const send = (message: ReplyMessage): void => {
    process.send?.(message);
  };
  process.on('message', (message: RunMessage) => {
    if (message.kind !== 'run') return;
    runLoad(message.spec).then(
      (result) => send({ kind: 'result', id: message.id, result }),
      (error: unknown) => send({ kind: 'error', id: message.id, message: error instanceof Error ? error.message : String(error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
}

/** The parent's handle on the worker process. */
export class LoadGenerator {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (result: LoadResult) => void; reject: (error: Error) => void }>();
  private exited = false;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: ReplyMessage) => {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.kind === 'result') waiter.resolve(message.result);
      else waiter.reject(new Error(`Load generator: ${message.message}`));
    });
    child.on('exit', (code, signal) => {
      this.exited = true;
      for (const waiter of this.pending.values()) waiter.reject(new Error(`Load generator exited (${signal ?? code})`));
      this.pending.clear();
    });
  }

  /** Forks this same script as the worker; no profiler or inspector flags are passed on. */
  static start(script: string): LoadGenerator {
    const child = fork(script, [LOAD_WORKER_FLAG], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new LoadGenerator(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  run(spec: LoadSpec): Promise<LoadResult> {
    if (this.exited) return Promise.reject(new Error('Load generator is not running'));
    const id = this.nextId++;
    return new Promise<LoadResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const message: RunMessage = { kind: 'run', id, spec };
      this.child.send(message);
    });
  }

  /** Disconnects the worker (it exits on its own); kills it if it has not gone within 5 s. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  }
}
