import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { signatureOf } from '@sophie/whatsapp';
import { FakeMetaGraph } from '../fakes/meta-graph-fake';
import type { ApiAppOptions } from '../../apps/api/src/app.factory';
import { TestApp } from './test-app';
import { testEnvironment } from './test-env';

/** A clinic's Meta credentials, as a test configures them. */
export interface MetaSetup {
  phoneNumberId: string;
  verifyToken: string;
  accessToken: string;
  appSecret: string;
}

export function newMetaSetup(): MetaSetup {
  return {
    phoneNumberId: String(100_000_000_000_000 + Math.floor(Math.random() * 899_999_999_999_999)),
    verifyToken: `verify-${randomBytes(12).toString('hex')}`,
    accessToken: `EAAG${randomBytes(24).toString('hex')}`,
    appSecret: randomBytes(16).toString('hex'),
  };
}

export async function configureWhatsApp(api: TestApp, clinicId: string, token: string, meta: MetaSetup): Promise<void> {
  const res = await api.request('PUT', `/api/clinics/${clinicId}/whatsapp`, {
    token,
    body: { phone_number_id: meta.phoneNumberId, verify_token: meta.verifyToken, access_token: meta.accessToken, webhook_secret: meta.appSecret },
  });
  if (res.status !== 200) throw new Error(`whatsapp config: ${res.status} ${JSON.stringify(res.body)}`);
}

type Json = Record<string, unknown>;

/** A webhook body in Meta's shape: one entry, one `messages` change, for `phoneNumberId`. */
export function notification(phoneNumberId: string, value: { contacts?: Json[]; messages?: Json[]; statuses?: Json[] }, entries = 1): Json {
  return {
    object: 'whatsapp_business_account',
    entry: Array.from({ length: entries }, () => ({
      id: '102290129340398',
      changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId }, ...value } }],
    })),
  };
}

let counter = 0;
/** A unique wamid. */
export function wamid(): string {
  counter += 1;
  return `wamid.HBgL${randomBytes(9).toString('base64url')}${counter}`;
}

export function contact(waId: string, name = 'Patient Test'): Json {
  return { profile: { name }, wa_id: waId };
}

export function textMessage(from: string, body: string, id = wamid()): Json {
  return { from, id, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body } };
}

/** Posts a body signed as Meta signs it (or with the signature given). */
export function postWebhook(api: TestApp, clinicId: string, body: Json | string, appSecret: string, signature?: string | null): ReturnType<TestApp['request']> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== null) headers['x-hub-signature-256'] = signature ?? signatureOf(raw, appSecret);
  return api.request('POST', `/webhook/whatsapp/${clinicId}`, { raw, headers });
}

/** Polls `check` until it returns a value that is not undefined (a condition, not a fixed sleep), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** An installation talking to a fake Graph API, with one clinic whose WhatsApp is configured. */
export interface WhatsAppWorld {
  api: TestApp;
  graph: FakeMetaGraph;
  superToken: string;
  clinicId: string;
  /** The clinic admin's token. */
  token: string;
  meta: MetaSetup;
  stop(): Promise<void>;
}

/** `overrides` and `appOptions` go to TestApp.start (the logging test sets LOG_LEVEL and reads the lines). */
export async function startWhatsAppWorld(overrides: Record<string, string> = {}, appOptions?: ApiAppOptions): Promise<WhatsAppWorld> {
  const graph = await FakeMetaGraph.start();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'sophie-wa-'));
  const env = { ...overrides, META_GRAPH_URL: graph.baseUrl, DATA_DIR: dataDir };
  const api = await TestApp.start(env, testEnvironment(env), appOptions);
  const superToken = await api.superadminToken();
  const clinicId = (await api.provisionClinic(superToken)).id;
  const token = (await api.createClinicAdmin(superToken, clinicId)).token;
  const meta = newMetaSetup();
  graph.tokens.set(meta.phoneNumberId, meta.accessToken);
  await configureWhatsApp(api, clinicId, token, meta);
  const stop = async (): Promise<void> => {
    await api.destroy();
    await graph.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
  return { api, graph, superToken, clinicId, token, meta, stop };
}
