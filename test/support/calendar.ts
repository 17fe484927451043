import { FakeGoogle } from '../fakes/google-fake';
import { createPractitioner, createTreatment } from './scheduling';
import { TestApp } from './test-app';
import { withAdmin } from './test-env';

export const FAKE_CLIENT_ID = 'sophie-test-client.apps.googleusercontent.com';
const FAKE_CLIENT_SECRET = 'sophie-test-client-secret';
/** Google only hands this back to the browser; tests replay its query on the API themselves. */
export const REDIRECT_URI = 'https://sophie.example.test/oauth/callback';

/** An installation whose Google settings point at the fake Google, with one clinic, a treatment and its admin. */
export interface CalendarWorld {
  api: TestApp;
  google: FakeGoogle;
  superToken: string;
  clinicId: string;
  token: string;
  base: string;
  treatmentId: string;
  clinicDb: string;
  /** A practitioner working office hours who offers the treatment. */
  practitioner(lastName: string): Promise<string>;
  /** Runs SQL on the registry (the queue's jobs live there). */
  registry<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Time travel for the queue: the calendar jobs waiting for a retry are due now. */
  retryNow(): Promise<void>;
  stop(): Promise<void>;
}

/** `overrides`: more settings of the installation (its SECRETS_KEY, its META_GRAPH_URL). */
export async function startCalendarWorld(overrides: Record<string, string> = {}): Promise<CalendarWorld> {
  const google = await FakeGoogle.start({ clientId: FAKE_CLIENT_ID, clientSecret: FAKE_CLIENT_SECRET });
  const api = await TestApp.start({
    ...overrides,
    GOOGLE_CLIENT_ID: FAKE_CLIENT_ID,
    GOOGLE_CLIENT_SECRET: FAKE_CLIENT_SECRET,
    GOOGLE_REDIRECT_URI: REDIRECT_URI,
    GOOGLE_API_URL: google.baseUrl,
    GOOGLE_OAUTH_URL: google.baseUrl,
  });
  const superToken = await api.superadminToken();
  const clinicId = (await api.provisionClinic(superToken, { timezone: 'Europe/Paris' })).id;
  const token = (await api.createClinicAdmin(superToken, clinicId)).token;
  const base = `/api/clinics/${clinicId}`;
  const treatmentId = await createTreatment(api, base, token);
  const registry = <T>(sql: string, params: unknown[] = []): Promise<T[]> =>
    withAdmin(`${api.prefix}_registry`, async (c) => (await c.query(sql, params)).rows as T[]);
  return {
    api,
    google,
    superToken,
    clinicId,
    token,
    base,
    treatmentId,
    clinicDb: `${api.prefix}_clinic_${clinicId.replace(/-/g, '')}`,
    practitioner: (lastName) => createPractitioner(api, base, token, lastName, treatmentId),
    registry,
    retryNow: async () => {
      await registry(`UPDATE pgboss.job SET start_after = now() WHERE name = 'calendar.sync' AND state = 'retry'`);
    },
    stop: async () => {
      await api.destroy();
      await google.stop();
    },
  };
}

/** How the callback answered: the redirect's target, or the error. */
export interface CallbackAnswer {
  status: number;
  location: string | null;
  body: { code?: string; message?: string };
}

/** Replays Google's redirect (the query it put on REDIRECT_URI) on the API's /oauth/callback. */
export async function callback(api: TestApp, query: string): Promise<CallbackAnswer> {
  const res = await api.request<{ code?: string; message?: string }>('GET', `/oauth/callback${query}`, { redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), body: res.body ?? {} };
}

/** Asks the API for the consent URL and lets the fake Google consent: answers the query Google sends back. */
export async function consent(world: CalendarWorld, practitionerId: string, options: { email?: string; grantScopes?: string[]; deny?: boolean } = {}): Promise<{ authorizationUrl: string; query: string }> {
  const connect = await world.api.post<{ authorization_url: string }>(`${world.base}/practitioners/${practitionerId}/calendar/connect`, {}, world.token);
  if (connect.status !== 200) throw new Error(`connect: ${connect.status} ${JSON.stringify(connect.body)}`);
  world.google.nextConsent(options);
  const answer = await fetch(connect.body.authorization_url, { redirect: 'manual' });
  const location = answer.headers.get('location');
  if (answer.status !== 302 || !location) throw new Error(`Google's consent answered ${answer.status}`);
  return { authorizationUrl: connect.body.authorization_url, query: new URL(location).search };
}

/** Links a practitioner's calendar end to end; answers the account e-mail. */
export async function linkCalendar(world: CalendarWorld, practitionerId: string, email = `dr.${Math.random().toString(36).slice(2, 8)}@example.test`): Promise<string> {
  const { query } = await consent(world, practitionerId, { email });
  const answer = await callback(world.api, query);
  if (answer.status !== 302 || !answer.location?.endsWith('?calendar=connected')) throw new Error(`callback: ${answer.status} ${answer.location} ${JSON.stringify(answer.body)}`);
  return email;
}
