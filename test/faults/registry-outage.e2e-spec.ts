import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FakeMetaGraph } from '../fakes/meta-graph-fake';
import { dropInstallation, testEnvironment, withAdmin } from '../support/test-env';
import { eventually } from '../support/whatsapp';
import { ApiProcess, freePort, HttpAnswer } from './support/api-process';
import { deliver, patientDeliveries } from './support/webhook-burst';
import { clinicMessages, whatsAppClinic } from './support/whatsapp-clinic';

const ERROR_SHAPE = ['code', 'error', 'message', 'requestId', 'statusCode'];

function expectUnavailable(answer: HttpAnswer): void {
  expect(answer.status).toBe(503);
  expect(Object.keys(answer.body).filter((key) => key !== 'details').sort()).toEqual(ERROR_SHAPE);
  expect(answer.headers.get('retry-after')).toBeTruthy();
}

/** Refuses new sessions to the registry database and ends the open ones: the registry is unreachable. */
function registryReachable(registry: string, reachable: boolean): Promise<void> {
  return withAdmin('postgres', async (c) => {
    await c.query(`ALTER DATABASE ${c.escapeIdentifier(registry)} WITH ALLOW_CONNECTIONS ${reachable}`);
    if (!reachable) await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [registry]);
  });
}

describe('Registry outage', () => {
  let graph: FakeMetaGraph;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let api: ApiProcess | undefined;

  beforeAll(async () => {
    graph = await FakeMetaGraph.start();
    dataDir = await mkdtemp(path.join(tmpdir(), 'sophie-registry-outage-'));
    env = testEnvironment({ META_GRAPH_URL: graph.baseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    api = await ApiProcess.start(env, await freePort());
  });

  afterAll(async () => {
    await registryReachable(`${String(env.DB_PREFIX)}_registry`, true);
    await api?.kill('SIGKILL');
    await graph.stop();
    await rm(dataDir, { recursive: true, force: true });
    await dropInstallation(String(env.DB_PREFIX));
  });

  it('answers every kind of request 503 in the error shape while the registry is unreachable, stays up, and recovers by itself', async () => {
    const server = api as ApiProcess;
    const prefix = String(env.DB_PREFIX);
    const superToken = await server.login(String(env.SUPERADMIN_USERNAME));
    const clinic = await whatsAppClinic(server, superToken, graph);
    const [early, late] = patientDeliveries(clinic, '33644440001', [['Bonjour'], ['menu']]);
    expect(await deliver(server, clinic, early)).toBe(200);
    await eventually(() => graph.sent.find((s) => s.kind === 'message' && s.body.to === '33644440001'), 'the first answer');

    await registryReachable(`${prefix}_registry`, false);
    // Alive (nothing to restart) but not ready: the readiness answer names the registry.
    expect((await server.get('/health')).status).toBe(200);
    const ready = await server.get<{ code: string; details: { failed: string[] } }>('/ready');
    expectUnavailable(ready);
    expect(ready.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(ready.body.details.failed).toContain('registry');
    expectUnavailable(await server.post('/api/auth/login', { username: String(env.SUPERADMIN_USERNAME), password: String(env.SUPERADMIN_PASSWORD) }));
    expectUnavailable(await server.get(`/api/clinics/${clinic.clinicId}`, clinic.adminToken));
    expectUnavailable(await server.get(`/api/clinics/${clinic.clinicId}/patients`, clinic.adminToken));
    expectUnavailable(await server.get('/api/superadmin/clinics', superToken));
    // Meta's delivery is not acknowledged (its processing could not be queued): Meta will deliver it again.
    expect(await deliver(server, clinic, late)).toBe(503);
    expect(server.running).toBe(true);

    await registryReachable(`${prefix}_registry`, true);
    expect((await server.get('/health')).status).toBe(200);
    await eventually(async () => ((await server.get('/ready')).status === 200 ? true : undefined), 'ready again');
    expect((await server.get(`/api/clinics/${clinic.clinicId}`, clinic.adminToken)).status).toBe(200);
    expect((await server.post('/api/auth/login', { username: String(env.SUPERADMIN_USERNAME), password: String(env.SUPERADMIN_PASSWORD) })).status).toBe(200);

    // Meta's redelivery is stored once and answered: the queue's workers run again in the same process.
    const answeredBefore = graph.sent.filter((s) => s.kind === 'message').length;
    expect(await deliver(server, clinic, late)).toBe(200);
    const rows = await eventually(
      async () => {
        const current = await clinicMessages(prefix, clinic.clinicId);
        const done = current.filter((m) => m.direction === 'in').every((m) => m.processed_at !== null) && current.every((m) => m.status !== 'queued');
        return done && graph.sent.filter((s) => s.kind === 'message').length > answeredBefore ? current : undefined;
      },
      'the answer after the outage',
      30_000,
    );
    expect(rows.filter((m) => m.direction === 'in').map((m) => m.whatsapp_message_id).sort()).toEqual([...early.wamids, ...late.wamids].sort());
    expect(server.running).toBe(true);
  });
});
