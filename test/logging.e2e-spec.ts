import { randomInt } from 'node:crypto';
import type { DestinationStream } from 'pino';
import { SUPERADMIN_PASSWORD } from './support/test-env';
import { WhatsAppWorld, contact, eventually, notification, postWebhook, startWhatsAppWorld, textMessage } from './support/whatsapp';

interface LogLine {
  level: number;
  msg?: string;
  requestId?: string;
  clinicId?: string;
  context?: string;
  req?: { path?: string };
  [key: string]: unknown;
}

/** A French mobile number nobody else in the run uses: +336 and 8 random digits. */
/** A French mobile number in a range every numbering plan accepts (06 90–06 99 and 06 3x hold overseas and reserved blocks). */
function randomMobile(): string {
  return `+3361${String(randomInt(1_000_000, 9_999_999))}`;
}

/**
 * The API as production runs it (Nest's logger on, LOG_LEVEL=info), its JSON lines captured through
 * createApiApp's `logDestination`: a patient created over the API and a WhatsApp conversation whose
 * read receipt and first reply Meta refuses (so that queue jobs log), then checks of every line.
 */
describe('Logs: structured, correlated, with neither secrets nor phone numbers', () => {
  const raw: string[] = [];
  const sink: DestinationStream = { write: (chunk: string) => void raw.push(chunk) };
  let world: WhatsAppWorld;
  let patientPhone: string;
  let waId: string;
  /** The lines written before the first request: the application starting. */
  let startup: number;

  const lines = (): LogLine[] => raw.join('').split('\n').filter(Boolean).map((text) => JSON.parse(text) as LogLine);

  beforeAll(async () => {
    world = await startWhatsAppWorld({ LOG_LEVEL: 'info' }, { logDestination: sink });
    const { api, clinicId, meta, graph, token } = world;

    patientPhone = randomMobile();
    const created = await api.post(`/api/clinics/${clinicId}/patients`, { first_name: 'Marie', last_name: 'Dupont', phone: patientPhone }, token);
    expect(created.status).toBe(201);
    // A phone number in a path (a mistyped URL, say) reaches the request line masked.
    expect((await api.get(`/api/clinics/${clinicId}/patients/${patientPhone}`, token)).status).toBe(400);

    // Meta refuses the read receipt and the first reply, quoting the number: both jobs log.
    waId = randomMobile().slice(1);
    graph.failWhen((request) => request.route === 'read', { httpStatus: 400, code: 100, message: `(#100) Invalid parameter for ${waId}` });
    graph.failNext(1, { httpStatus: 500, code: 131000, details: `Could not deliver to +${waId}` });
    const body = notification(meta.phoneNumberId, { contacts: [contact(waId, 'Jeanne Martin')], messages: [textMessage(waId, `Bonjour, mon numéro est le +${waId}`)] });
    expect((await postWebhook(api, clinicId, body, meta.appSecret)).status).toBe(200);
    await eventually(() => graph.sent.find((sent) => sent.kind === 'message' && sent.body.to === waId), 'the assistant’s answer, sent again after Meta’s 500', 60_000);
    startup = lines().findIndex((line) => line.requestId !== undefined);
  }, 120_000);

  afterAll(async () => {
    await world?.stop();
  });

  it('writes JSON lines; before the first request, only the application starting', () => {
    expect(startup).toBeGreaterThan(0);
    const contexts = new Set(lines().slice(0, startup).map((line) => line.context));
    expect([...contexts].every((context) => ['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication', 'Calendar', 'SuperadminBootstrapService'].includes(context ?? ''))).toBe(true);
  });

  it('gives every later line a request id or, for queue jobs, the clinic id', () => {
    const work = lines().slice(startup);
    expect(work.filter((line) => line.requestId === undefined && line.clinicId === undefined)).toEqual([]);
    const jobLines = work.filter((line) => line.requestId === undefined);
    expect(jobLines.map((line) => line.msg)).toEqual(expect.arrayContaining(['mark as read failed', 'Job failed']));
    expect(jobLines.every((line) => line.clinicId === world.clinicId)).toBe(true);
  });

  it('gives every line of a clinic’s request that clinic’s id', () => {
    const work = lines().slice(startup);
    const clinicPath = new RegExp(`^/(api/clinics|webhook/whatsapp)/${world.clinicId}(/|$)`);
    const clinicRequests = new Set(work.filter((line) => clinicPath.test(line.req?.path ?? '')).map((line) => line.requestId));
    expect(clinicRequests.size).toBeGreaterThanOrEqual(4); // WhatsApp setup, patient, masked path, webhook
    const clinicLines = work.filter((line) => clinicRequests.has(line.requestId));
    expect(clinicLines.filter((line) => line.clinicId !== world.clinicId)).toEqual([]);
  });

  it('never writes a secret: tokens, the app secret, JWTs, passwords', () => {
    const text = raw.join('');
    const secrets = { accessToken: world.meta.accessToken, appSecret: world.meta.appSecret, verifyToken: world.meta.verifyToken, adminJwt: world.token, superJwt: world.superToken, superadminPassword: SUPERADMIN_PASSWORD };
    for (const [name, secret] of Object.entries(secrets)) expect({ name, found: text.includes(secret) }).toEqual({ name, found: false });
  });

  it('never writes a phone number in clear, masking it instead', () => {
    const text = raw.join('');
    // The national significant digits: no line has them, whatever the format around them.
    expect(text).not.toContain(patientPhone.slice(3));
    expect(text).not.toContain(waId.slice(2));
    expect(lines().some((line) => line.req?.path === `/api/clinics/${world.clinicId}/patients/+336••••••${patientPhone.slice(-2)}`)).toBe(true);
  });
});
