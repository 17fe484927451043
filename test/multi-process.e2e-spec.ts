import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROUTE_TTL_MS } from '../libs/tenancy/src/pools/tenant-resolver';
import { LIVENESS_LOCK_CLASS } from '../libs/queue/src/worker-liveness';
import { FakeMetaGraph, type SentRequest } from './fakes/meta-graph-fake';
import { ApiProcess, freePort } from './faults/support/api-process';
import { Delivery, deliver, deliverUntilAcknowledged, patientDeliveries } from './faults/support/webhook-burst';
import { clinicMessages, MessageRow, whatsAppClinic } from './faults/support/whatsapp-clinic';
import { dropInstallation, testEnvironment, withAdmin } from './support/test-env';
import { eventually } from './support/whatsapp';
import { WorkerProcess } from './support/worker-process';

/** One patient's conversation: each inner list is one delivery. The first WAVE deliveries go before the worker runs. */
const SCRIPT = [['Bonjour'], ['menu', 'informations'], ['Hello'], ['menu', 'Bonjour', 'infos']];
const WAVE = 2;
const PATIENTS = 8;
const MAX_FAILURES = 4;

const registryOf = (prefix: string): string => `${prefix}_registry`;

/** Sessions of this installation holding a queue worker's liveness lock: one per process that runs jobs. */
async function workerProcessesRunning(prefix: string): Promise<number> {
  return withAdmin(registryOf(prefix), async (c) => {
    const { rows } = await c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks
       WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid = $1::bigint::oid
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [LIVENESS_LOCK_CLASS],
    );
    return rows[0].n;
  });
}

/** Jobs of a queue by state. */
async function jobStates(prefix: string, queue: string): Promise<Record<string, number>> {
  return withAdmin(registryOf(prefix), async (c) => {
    const { rows } = await c.query<{ state: string; n: number }>('SELECT state::text, count(*)::int AS n FROM pgboss.job WHERE name = $1 GROUP BY state', [queue]);
    return Object.fromEntries(rows.map((r) => [r.state, r.n]));
  });
}

const outboundOf = (rows: MessageRow[], waId: string): MessageRow[] => rows.filter((m) => m.direction === 'out' && m.wa_id === waId);
const sendsTo = (sent: readonly SentRequest[], waId: string): SentRequest[] => sent.filter((s) => s.kind === 'message' && s.body.to === waId);

describe('Two API processes and a queue worker process over one registry', () => {
  let graph: FakeMetaGraph;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  const apis: ApiProcess[] = [];
  let worker: WorkerProcess | undefined;
  let a: ApiProcess;
  let b: ApiProcess;

  beforeAll(async () => {
    graph = await FakeMetaGraph.start();
    dataDir = await mkdtemp(path.join(tmpdir(), 'sophie-multi-'));
    // One environment for every process, as one env file would be: the worker runs jobs whatever QUEUE_WORKERS says.
    env = testEnvironment({ META_GRAPH_URL: graph.baseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'warn', QUEUE_WORKERS: 'false', QUEUE_POLL_SECONDS: '0.5', LOGIN_MAX_FAILURES: String(MAX_FAILURES) });
  });

  afterAll(async () => {
    await Promise.all([...apis.map((api) => api.kill('SIGKILL')), worker?.stop('SIGKILL')]);
    await graph.stop();
    await rm(dataDir, { recursive: true, force: true });
    await dropInstallation(String(env.DB_PREFIX));
  });

  it('starts two API instances at once on a new registry: exactly one creates the superadmin, both let it in', async () => {
    const ports = [await freePort(), await freePort()];
    const started = await Promise.allSettled(ports.map((port) => ApiProcess.start(env, port)));
    for (const outcome of started) if (outcome.status === 'fulfilled') apis.push(outcome.value);
    expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'started'))).toEqual(['started', 'started']);
    [a, b] = apis;
    const created = apis.filter((api) => api.log.includes('First superadmin created'));
    expect(created).toHaveLength(1);
    for (const api of apis) expect(typeof (await api.login(String(env.SUPERADMIN_USERNAME)))).toBe('string');
  });

  it('stores and answers every message once, deliveries alternated and re-sent across instances, and only the worker runs jobs', async () => {
    const prefix = String(env.DB_PREFIX);
    const superToken = await a.login(String(env.SUPERADMIN_USERNAME));
    const target = await whatsAppClinic(a, superToken, graph);
    const patients = Array.from({ length: PATIENTS }, (_, i) => patientDeliveries(target, `336200${String(i).padStart(5, '0')}`, SCRIPT));
    const instance = (i: number, j: number): ApiProcess => ((i + j) % 2 === 0 ? a : b);
    /** Every patient sends deliveries [from, to) in order, all patients at once; one in three is delivered again to the other instance. */
    const wave = (from: number, to: number): Promise<void[]> =>
      Promise.all(
        patients.map(async (deliveries, i) => {
          for (let j = from; j < to; j += 1) {
            await deliverUntilAcknowledged(instance(i, j), target, deliveries[j]);
            if ((i + j) % 3 === 0) await deliverUntilAcknowledged(instance(i, j + 1), target, deliveries[j]);
          }
        }),
      );

    // No worker yet: both API instances acknowledge (messages stored, jobs queued) but neither runs a job.
    await wave(0, WAVE);
    expect(await workerProcessesRunning(prefix)).toBe(0);
    expect(await jobStates(prefix, 'whatsapp.inbound')).toEqual({ created: PATIENTS });
    const stored = await clinicMessages(prefix, target.clinicId);
    expect(stored.filter((m) => m.direction === 'in' && m.processed_at === null)).toHaveLength(PATIENTS * SCRIPT.slice(0, WAVE).flat().length);
    expect(graph.sent.filter((s) => s.kind === 'message')).toEqual([]);

    worker = await WorkerProcess.start({ ...env, LOG_LEVEL: 'info' }, await freePort());
    expect(await workerProcessesRunning(prefix)).toBe(1);
    // Structured logs, as the API's: one JSON object per line.
    const started = worker.log.split('\n').find((line) => line.includes('Sophie worker is running'));
    expect(JSON.parse(String(started))).toMatchObject({ level: 30, msg: expect.stringContaining('Sophie worker is running'), workerLoops: expect.any(Number) });
    await wave(WAVE, SCRIPT.length);

    const waIds = patients.map((deliveries) => deliveries[0].waId);
    const wamids = patients.flat().flatMap((d: Delivery) => d.wamids);
    const rows = await eventually(
      async () => {
        const current = await clinicMessages(prefix, target.clinicId);
        const inbound = current.filter((m) => m.direction === 'in');
        const replied = waIds.every((waId) => {
          const replies = outboundOf(current, waId);
          return replies.length >= SCRIPT.flat().length && replies.every((r) => r.status !== 'queued') && sendsTo(graph.sent, waId).length >= replies.length;
        });
        return inbound.length >= wamids.length && inbound.every((m) => m.processed_at !== null) && replied ? current : undefined;
      },
      'every message processed and every reply sent',
      60_000,
    );

    // Stored once: every wamid, no copy (one in three was delivered twice, to both instances).
    const inboundIds = rows.filter((m) => m.direction === 'in').map((m) => m.whatsapp_message_id);
    expect(inboundIds.length).toBe(wamids.length);
    expect(new Set(inboundIds)).toEqual(new Set(wamids));
    // Answered once: every patient got the same replies (a message handled twice would add some), each sent to Meta once.
    const reference = outboundOf(rows, waIds[0]).map((r) => r.payload);
    for (const waId of waIds) {
      const replies = outboundOf(rows, waId);
      expect(replies.map((r) => r.payload)).toEqual(reference);
      const sends = sendsTo(graph.sent, waId);
      expect(sends.map((s) => s.wamid).sort()).toEqual(replies.map((r) => r.whatsapp_message_id).sort());
    }
    // Every job ran in the worker: still the only process holding a worker's lock, and nothing left waiting.
    expect(await workerProcessesRunning(prefix)).toBe(1);
    const inboundJobs = await jobStates(prefix, 'whatsapp.inbound');
    expect({ created: inboundJobs.created ?? 0, active: inboundJobs.active ?? 0, failed: inboundJobs.failed ?? 0 }).toEqual({ created: 0, active: 0, failed: 0 });
    // Its own small HTTP surface: health, readiness and metrics, and nothing of the API.
    expect((await worker.get('/health')).body).toMatchObject({ status: 'ok', workerLoops: expect.any(Number) });
    expect((await worker.get('/ready')).status).toBe(200);
    expect((await worker.get('/metrics')).text).toMatch(/^sophie_queue_depth\{queue="whatsapp.inbound"\} 0$/m);
    expect((await worker.get('/api/auth/me')).status).toBe(404);
  });

  it('locks a username on both instances after LOGIN_MAX_FAILURES failures spread over both', async () => {
    const superToken = await a.login(String(env.SUPERADMIN_USERNAME));
    const clinicId = await a.provisionClinic(superToken);
    const username = `admin_${Math.random().toString(36).slice(2, 10)}`;
    const password = 'Clinic-Admin-Pass-9';
    expect((await a.post(`/api/superadmin/clinics/${clinicId}/users`, { username, password }, superToken)).status).toBe(201);
    // Half the failures on each instance: neither alone has seen LOGIN_MAX_FAILURES of them.
    for (let i = 0; i < MAX_FAILURES; i += 1) expect((await (i % 2 === 0 ? a : b).post('/api/auth/login', { username, password: `Wrong-${i}` })).status).toBe(401);
    for (const api of [a, b]) {
      const res = await api.post('/api/auth/login', { username, password });
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 429, code: 'TOO_MANY_LOGIN_ATTEMPTS' });
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  });

  it('refuses a clinic suspended through one instance on the other within the route cache\'s lifetime', async () => {
    const superToken = await a.login(String(env.SUPERADMIN_USERNAME));
    const target = await whatsAppClinic(a, superToken, graph);
    const route = `/api/clinics/${target.clinicId}`;
    // B has the clinic's route cached as active.
    expect((await b.get(route, target.adminToken)).status).toBe(200);
    expect((await a.request('PATCH', `/api/superadmin/clinics/${target.clinicId}`, { token: superToken, body: { is_active: false } })).status).toBe(200);
    const suspendedAt = Date.now();
    const refusal = await a.get(route, target.adminToken);
    expect({ status: refusal.status, code: refusal.body.code }).toEqual({ status: 403, code: 'CLINIC_SUSPENDED' });
    const onB = await eventually(
      async () => {
        const res = await b.get(route, target.adminToken);
        return res.status === 200 ? undefined : res;
      },
      'instance B refusing the suspended clinic',
      ROUTE_TTL_MS + 5_000,
    );
    expect({ status: onB.status, code: onB.body.code }).toEqual({ status: 403, code: 'CLINIC_SUSPENDED' });
    expect(Date.now() - suspendedAt).toBeLessThanOrEqual(ROUTE_TTL_MS + 1_500);
    // Its webhooks too, on either instance.
    const [delivery] = patientDeliveries(target, '33620099999', [['Bonjour']]);
    expect([await deliver(a, target, delivery), await deliver(b, target, delivery)]).toEqual([403, 403]);
  });

  it('stops the worker on SIGTERM: exit code 0, its lock released, no job left active', async () => {
    const prefix = String(env.DB_PREFIX);
    const running = worker as WorkerProcess;
    expect(await running.stop('SIGTERM')).toBe(0);
    expect(await workerProcessesRunning(prefix)).toBe(0);
    for (const queue of ['whatsapp.inbound', 'whatsapp.outbound']) expect((await jobStates(prefix, queue)).active ?? 0).toBe(0);
    expect(running.log).toContain('Stopping: running jobs finish');
  });
});
