import { DatabaseServersService } from '../../libs/registry/src';
import { withAdmin } from '../support/test-env';
import { configureWhatsApp, contact, eventually, newMetaSetup, notification, postWebhook, startWhatsAppWorld, textMessage, WhatsAppWorld } from '../support/whatsapp';
import { SecondDatabaseServer } from '../support/second-database-server';
import { LoadSample, SteadyLoad } from './support/steady-load';
import { clinicMessages } from './support/whatsapp-clinic';

const ERROR_SHAPE = ['code', 'error', 'message', 'requestId', 'statusCode'];
/** TENANT_CONNECT_TIMEOUT_MS in the tests' environment is 2 s: an answer about a down clinic must come well before a client gives up. */
const FAST_MS = 3_500;

/**
 * A pool that cannot open says CLINIC_DATABASE_UNAVAILABLE; a query on an open pool whose server went away is the
 * filter's DATABASE_UNAVAILABLE. Either is the API's error shape with Retry-After.
 */
const OUTAGE_CODES = new Set(['CLINIC_DATABASE_UNAVAILABLE', 'DATABASE_UNAVAILABLE']);
const isOutageAnswer = (s: LoadSample): boolean =>
  s.status === 503 && OUTAGE_CODES.has(s.code ?? '') && s.retryAfter !== null && JSON.stringify(s.errorKeys) === JSON.stringify(ERROR_SHAPE);

describe('A clinic\'s PostgreSQL server stopped under load', () => {
  let world: WhatsAppWorld;
  let second: SecondDatabaseServer;
  let loads: SteadyLoad[] = [];

  beforeAll(async () => {
    world = await startWhatsAppWorld();
    second = await SecondDatabaseServer.start();
  });

  afterAll(async () => {
    await Promise.all(loads.map((load) => load.stop()));
    await world?.stop();
    await second?.destroy();
  });

  it('answers that clinic fast 503s while the others see no error, then serves it again without a restart', async () => {
    const { api, superToken } = world;
    const placement = await second.register(api.app.get(DatabaseServersService));
    await placement.placeHere();
    const downClinic = (await api.provisionClinic(superToken)).id;
    await placement.placeOnPrimary();
    const registry = `${api.prefix}_registry`;
    const ports = await withAdmin(registry, async (c) =>
      (await c.query<{ id: string; port: number }>('SELECT c.id, s.port FROM clinics c JOIN database_servers s ON s.id = c.database_server_id')).rows,
    );
    expect(ports.find((r) => r.id === downClinic)?.port).toBe(second.address.port);
    expect(ports.find((r) => r.id === world.clinicId)?.port).not.toBe(second.address.port);

    const downAdmin = await api.createClinicAdmin(superToken, downClinic);
    const meta = newMetaSetup();
    world.graph.tokens.set(meta.phoneNumberId, meta.accessToken);
    await configureWhatsApp(api, downClinic, downAdmin.token, meta);

    const down = new SteadyLoad(`${api.baseUrl}/api/clinics/${downClinic}/patients`, downAdmin.token, 2);
    const healthy = new SteadyLoad(`${api.baseUrl}/api/clinics/${world.clinicId}/patients`, world.token, 2);
    loads = [down, healthy];
    await eventually(() => (down.samples.filter((s) => s.status === 200).length >= 5 && healthy.samples.length >= 5 ? true : undefined), 'both clinics served under load');

    const stopping = Date.now();
    await second.down();
    const stopped = Date.now();
    await eventually(() => (down.between(stopped).length >= 10 && healthy.between(stopped).length >= 10 ? true : undefined), 'answers for both clinics during the outage', 30_000);

    // Meta's delivery for that clinic is not acknowledged: nothing could be stored, so Meta must deliver it again.
    const waId = '33698765432';
    const delivery = notification(meta.phoneNumberId, { contacts: [contact(waId)], messages: [textMessage(waId, 'Bonjour')] });
    const refused = await postWebhook(api, downClinic, delivery, meta.appSecret);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBeTruthy();

    const restarting = Date.now();
    await second.up();
    const back = await eventually(() => down.between(restarting).find((s) => s.status === 200), 'the clinic served again after its server came back', 30_000);
    await eventually(() => (down.between(back.endedAt).length >= 10 ? true : undefined), 'more answers after the recovery');
    await Promise.all(loads.map((load) => load.stop()));

    const outage = down.between(stopped, restarting);
    expect(outage.length).toBeGreaterThanOrEqual(10);
    expect(outage.filter((s) => !isOutageAnswer(s))).toEqual([]);
    expect(Math.max(...outage.map((s) => s.endedAt - s.startedAt))).toBeLessThan(FAST_MS);
    // Around the stop and the restart, an answer is either served or the same 503: never a 500, never a hang.
    expect(down.between(stopping).filter((s) => s.status !== 200 && !isOutageAnswer(s))).toEqual([]);
    expect(down.between(back.endedAt).filter((s) => s.status !== 200)).toEqual([]);
    // The other clinic never noticed.
    expect(healthy.samples.filter((s) => s.status !== 200)).toEqual([]);
    expect(healthy.between(stopped, restarting).length).toBeGreaterThanOrEqual(10);

    // Meta's redelivery is stored now, once.
    expect((await postWebhook(api, downClinic, delivery, meta.appSecret)).status).toBe(200);
    expect((await postWebhook(api, downClinic, delivery, meta.appSecret)).status).toBe(200);
    const inbound = (await clinicMessages(api.prefix, downClinic, second.address)).filter((m) => m.direction === 'in');
    expect(inbound).toHaveLength(1);
  });
});
