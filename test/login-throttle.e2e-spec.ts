import { LoginThrottle } from '../libs/auth/src/login-throttle';
import type { ApiResponse, ClinicAdmin } from './support/test-app';
import { TestApp } from './support/test-app';
import { withAdmin } from './support/test-env';
import { eventually } from './support/whatsapp';

type Body = Record<string, unknown>;
interface CounterRow {
  key: string;
  failures: number;
  ended: boolean;
}

/**
 * The login throttle's counters live in the registry (`login_failures`), shared by every API instance: two instances
 * over one registry count the same failures, concurrent failures are all counted, and windows end on time.
 */
describe(LoginThrottle.name, () => {
  const LOCK_SECONDS = 4;
  let first: TestApp;
  let second: TestApp;
  let superToken: string;
  let clinicId: string;

  const login = (api: TestApp, username: string, password: string): Promise<ApiResponse<Body>> => api.post<Body>('/api/auth/login', { username, password });
  const counters = (): Promise<CounterRow[]> =>
    withAdmin(`${first.prefix}_registry`, async (c) => (await c.query<CounterRow>('SELECT key, failures, window_ends_at <= now() AS ended FROM login_failures ORDER BY key')).rows);
  /** The address's and the username's counters, however the address reads (IPv4 or IPv4-mapped IPv6). */
  const LOOPBACK = ['127.0.0.1', '::ffff:127.0.0.1', '::1'];
  const countOf = (rows: CounterRow[], key: (ip: string) => string): number | undefined => LOOPBACK.map((ip) => rows.find((r) => r.key === key(ip))).find(Boolean)?.failures;
  const countersOf = async (username: string): Promise<{ address: number | undefined; user: number | undefined }> => {
    const rows = await counters();
    const throttle = first.app.get(LoginThrottle);
    return { address: countOf(rows, (ip) => throttle.keysOf(ip, username).address), user: countOf(rows, (ip) => throttle.keysOf(ip, username).user) };
  };
  const newAdmin = async (): Promise<Omit<ClinicAdmin, 'token'>> => {
    const username = `admin_${Math.random().toString(36).slice(2, 10)}`;
    const password = 'Clinic-Admin-Pass-9';
    const res = await first.post<{ id: string }>(`/api/superadmin/clinics/${clinicId}/users`, { username, password }, superToken);
    expect(res.status).toBe(201);
    return { id: res.body.id, username, password };
  };

  beforeAll(async () => {
    first = await TestApp.start({ LOGIN_MAX_FAILURES: '5', LOGIN_LOCK_SECONDS: String(LOCK_SECONDS) });
    second = await first.sibling();
    superToken = await first.superadminToken();
    clinicId = (await first.provisionClinic(superToken)).id;
  });

  afterAll(async () => {
    await second?.close();
    await first?.destroy();
  });

  it('counts every one of concurrent attempts sent to two instances, before any password is compared', async () => {
    const admin = await newAdmin();
    const before = (await countersOf(admin.username)).address ?? 0;
    const answers = await Promise.all(Array.from({ length: 4 }, (_, i) => login(i % 2 === 0 ? first : second, admin.username, `Wrong-${i}`)));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401]);
    const after = await countersOf(admin.username);
    expect(after).toEqual({ user: 4, address: before + 4 });
  });

  it('lets a burst of concurrent guesses over both instances compare at most the limit of passwords', async () => {
    const admin = await newAdmin();
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => login(i % 2 === 0 ? first : second, admin.username, `Guess-${i}`)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([...Array(5).fill(401), ...Array(7).fill(429)]);
  });

  it('locks on both instances once the failures on either add up, for the same Retry-After, until the window ends', async () => {
    const admin = await newAdmin();
    for (let i = 0; i < 5; i += 1) expect((await login(i % 2 === 0 ? first : second, admin.username, `Wrong-${i}`)).status).toBe(401);
    const locked = await Promise.all([login(first, admin.username, admin.password), login(second, admin.username, admin.password)]);
    expect(locked.map((r) => [r.status, r.body.code])).toEqual([
      [429, 'TOO_MANY_LOGIN_ATTEMPTS'],
      [429, 'TOO_MANY_LOGIN_ATTEMPTS'],
    ]);
    for (const res of locked) expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(LOCK_SECONDS);
    // The window started at the first failure: the lock ends with it, on either instance, and a success clears the username's count.
    const unlocked = await eventually(
      async () => {
        const res = await login(second, admin.username, admin.password);
        return res.status === 200 ? res : undefined;
      },
      'the lock to end',
      LOCK_SECONDS * 1000 + 3_000,
    );
    expect(unlocked.body).toHaveProperty('accessToken');
    expect((await countersOf(admin.username)).user).toBeUndefined();
  });

  it('keeps no username in the table, and forgets ended windows as later failures come', async () => {
    const admin = await newAdmin();
    expect((await login(first, admin.username, 'Wrong-1')).status).toBe(401);
    const rows = await counters();
    for (const row of rows) expect(row.key).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(admin.username);
    // Once every window so far has ended, the next failure removes their rows.
    await eventually(async () => ((await counters()).every((r) => r.ended) ? true : undefined), 'every window to end', LOCK_SECONDS * 1000 + 3_000);
    expect((await counters()).length).toBeGreaterThan(0);
    expect((await login(second, `ghost_${admin.username}`, 'Wrong-2')).status).toBe(401);
    const left = await counters();
    expect(left.filter((r) => r.ended)).toEqual([]);
    expect(left).toHaveLength(2);
  });
});
