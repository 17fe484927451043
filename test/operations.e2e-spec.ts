import type { FakeMetaGraph } from './fakes/meta-graph-fake';
import type { TestApp } from './support/test-app';
import { withAdmin } from './support/test-env';
import { MetaSetup, WhatsAppWorld, contact, eventually, notification, postWebhook, startWhatsAppWorld, textMessage, wamid } from './support/whatsapp';

/** The value of one sample of the exposition text (labels in the order prom-client writes them), or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(',');
    if (wanted.every((pair) => present.includes(pair))) return Number(match[3]);
  }
  return undefined;
}

/** Every label value of the exposition text. */
function labelValues(text: string): string[] {
  return [...text.matchAll(/[a-zA-Z_]+="([^"]*)"/g)].map((m) => m[1]);
}

describe('Operations: liveness, readiness and Prometheus metrics', () => {
  let world: WhatsAppWorld;
  let api: TestApp;
  let graph: FakeMetaGraph;
  let clinicId: string;
  let token: string;
  let meta: MetaSetup;

  const scrape = async (): Promise<string> => {
    const res = await api.get<string>('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    return res.body;
  };

  beforeAll(async () => {
    world = await startWhatsAppWorld();
    ({ api, graph, clinicId, token, meta } = world);
  });

  afterAll(async () => {
    await world.stop();
  });

  it('answers /health while the process lives and /ready when the registry and the queue answer', async () => {
    const health = await api.get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok' });
    const ready = await api.get('/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { registry: { status: 'up' }, queue: { status: 'up' } } });
  });

  it('counts requests by route template and status, never by the path a client sent', async () => {
    for (let i = 0; i < 3; i += 1) expect((await api.get(`/api/clinics/${clinicId}`, token)).status).toBe(200);
    expect((await api.get(`/api/clinics/${clinicId}`)).status).toBe(401);
    expect((await api.get(`/no/such/${clinicId}`)).status).toBe(404);
    const text = await scrape();
    expect(sample(text, 'http_requests_total', { method: 'GET', route: '/api/clinics/:clinicId', status: '200' })).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'http_requests_total', { method: 'GET', route: '/api/clinics/:clinicId', status: '401' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'http_requests_total', { method: 'GET', route: '<unmatched>', status: '404' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('/no/such');
    expect(sample(text, 'http_request_duration_seconds_count', { method: 'GET', route: '/api/clinics/:clinicId', status: '200' })).toBeGreaterThanOrEqual(3);
    expect(text).not.toContain(clinicId);
    expect(labelValues(text).filter((v) => v.startsWith('/') && !/^\/[a-zA-Z0-9/_:.-]*$/.test(v))).toEqual([]);
  });

  it('shows the clinic pools and the queues, read at scrape time', async () => {
    const text = await scrape();
    expect(sample(text, 'sophie_clinic_pools_live')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'sophie_clinic_pools_max')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'sophie_clinic_connections')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'sophie_clinic_pool_waiting')).toBe(0);
    expect(sample(text, 'sophie_queue_metrics_up')).toBe(1);
    expect(sample(text, 'sophie_queue_depth', { queue: 'whatsapp.inbound' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'sophie_queue_failed', { queue: 'whatsapp.outbound' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it("times webhook acknowledgements and counts Meta's refusals of sends by code, with no patient data", async () => {
    const waId = '33612340001';
    const id = wamid();
    const body = notification(meta.phoneNumberId, { contacts: [contact(waId, 'Jeanne Patient')], messages: [textMessage(waId, 'Bonjour, un rendez-vous ?', id)] });
    expect((await postWebhook(api, clinicId, body, meta.appSecret)).status).toBe(200);
    expect((await postWebhook(api, clinicId, body, meta.appSecret, 'sha256=00')).status).toBe(403);

    // The patient's conversation is processed and quiet; then a staff reply is refused by Meta (outside the 24-hour window).
    const clinicDb = `${api.prefix}_clinic_${clinicId.replace(/-/g, '')}`;
    const conversationId = await eventually(
      () =>
        withAdmin(clinicDb, async (c) => {
          const row = await c.query<{ conversation_id: string }>('SELECT conversation_id FROM messages WHERE whatsapp_message_id = $1 AND processed_at IS NOT NULL', [id]);
          const busy = await c.query(`SELECT 1 FROM messages WHERE conversation_id = $1 AND status = 'queued'`, [row.rows[0]?.conversation_id ?? null]);
          return row.rows[0] && busy.rows.length === 0 ? row.rows[0].conversation_id : undefined;
        }),
      'the conversation',
    );
    graph.failNext(1, { httpStatus: 400, code: 131047 });
    const reply = await api.post<{ id: string }>(`/api/clinics/${clinicId}/conversations/${conversationId}/messages`, { text: 'Votre rendez-vous est confirmé' }, token);
    expect(reply.status).toBe(201);

    const text = await eventually(async () => {
      const scraped = await scrape();
      return sample(scraped, 'sophie_whatsapp_outbound_errors_total', { code: '131047', kind: 'outside_window' }) === 1 ? scraped : undefined;
    }, 'the outbound error to be counted');
    expect(sample(text, 'sophie_webhook_ack_seconds_count', { outcome: 'accepted' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'sophie_webhook_ack_seconds_count', { outcome: 'refused' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'sophie_webhook_ack_seconds_bucket', { outcome: 'accepted', le: '+Inf' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'http_requests_total', { method: 'POST', route: '/webhook/whatsapp/:clinicId', status: '200' })).toBeGreaterThanOrEqual(1);
    for (const secret of [clinicId, waId, 'Jeanne', 'Bonjour', 'rendez-vous', meta.accessToken, meta.appSecret, meta.phoneNumberId, api.config.jwtSecret]) expect(text).not.toContain(secret);
  });

  it('requires METRICS_TOKEN as a bearer token when it is set (401 otherwise)', async () => {
    const metricsToken = 'metrics-token-0123456789abcdef';
    const guarded = await api.sibling({ METRICS_TOKEN: metricsToken });
    try {
      const none = await guarded.get('/metrics');
      expect(none.status).toBe(401);
      expect(none.body).toMatchObject({ code: 'UNAUTHORIZED' });
      expect((await guarded.get('/metrics', 'metrics-token-0123456789abcdeX')).status).toBe(401);
      expect((await guarded.get('/metrics', token)).status).toBe(401);
      const ok = await guarded.get<string>('/metrics', metricsToken);
      expect(ok.status).toBe(200);
      expect(ok.body).toContain('http_requests_total');
      expect((await guarded.get('/health')).status).toBe(200);
      expect((await guarded.get('/ready')).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});
