import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CommonErrorCode } from '@sophie/common';
import { metricsTokenAccepted } from '@sophie/metrics';

/** How long each readiness check may take before it counts as down (as the API's /ready). */
const READY_CHECK_TIMEOUT_MS = 3000;

/** What the worker's small HTTP server reports on. */
export interface WorkerProbes {
  /** Queue loops this process runs (0 before they start or once they stop). */
  workerLoops: () => number;
  /** Resolves when the registry database answers. */
  registry: () => Promise<unknown>;
  /** Resolves when the job queue's pool answers. */
  queue: () => Promise<unknown>;
  /** The Prometheus exposition and its content type. */
  metrics: () => Promise<{ contentType: string; body: string }>;
  /** METRICS_TOKEN: required as a bearer token by /metrics when set. */
  metricsToken: string | undefined;
}

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

const NOT_FOUND = 'The worker process answers GET /health, /ready and /metrics only';

function refusal(status: number, error: string, code: CommonErrorCode, message: string, details?: Record<string, unknown>): Record<string, unknown> {
  return { statusCode: status, error, code, message, ...(details ? { details } : {}) };
}

async function within(check: () => Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), READY_CHECK_TIMEOUT_MS);
  });
  try {
    return await Promise.race([check().then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

async function route(probes: WorkerProbes, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    answer(res, 404, refusal(404, 'Not Found', CommonErrorCode.NotFound, NOT_FOUND));
  } else if (path === '/health') {
    // Liveness: 200 while the process answers, whatever its dependencies (an outage must not restart workers).
    answer(res, 200, { status: 'ok', workerLoops: probes.workerLoops() });
  } else if (path === '/ready') {
    const [registry, queue] = await Promise.all([within(probes.registry), within(probes.queue)]);
    const failed = [...(registry ? [] : ['registry']), ...(queue ? [] : ['queue'])];
    if (failed.length === 0) answer(res, 200, { status: 'ok', workerLoops: probes.workerLoops() });
    else answer(res, 503, refusal(503, 'Service Unavailable', CommonErrorCode.ServiceUnavailable, `Not ready: ${failed.join(', ')} unreachable`, { failed }), { 'retry-after': '5' });
  } else if (path === '/metrics') {
    if (!metricsTokenAccepted(probes.metricsToken, req.headers.authorization)) {
      answer(res, 401, refusal(401, 'Unauthorized', CommonErrorCode.Unauthorized, 'A valid metrics token is required'), { 'www-authenticate': 'Bearer realm="metrics"' });
      return;
    }
    const { contentType, body } = await probes.metrics();
    answer(res, 200, body, { 'content-type': contentType });
  } else {
    answer(res, 404, refusal(404, 'Not Found', CommonErrorCode.NotFound, NOT_FOUND));
  }
}

/**
 * The worker process's only HTTP surface: liveness (/health), readiness (/ready: the registry and the job queue) and
 * Prometheus metrics (/metrics, behind METRICS_TOKEN when set). No API route, no request body is ever read.
 */
export function startWorkerHttp(probes: WorkerProbes, port: number, host: string): Promise<Server> {
  const server = createServer((req, res) => {
    route(probes, req, res).catch(() => {
      if (!res.headersSent) answer(res, 500, refusal(500, 'Internal Server Error', CommonErrorCode.Internal, 'Internal server error'));
      else res.destroy();
    });
  });
  // Probes keep connections alive; a stopping process must not wait for them.
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/** The port a started server listens on (WORKER_PORT=0 picks a free one). */
export function listeningPort(server: Server): number {
  return (server.address() as AddressInfo).port;
}

/** Stops accepting connections and ends idle keep-alive ones. */
export function stopWorkerHttp(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
