import { performance } from 'node:perf_hooks';
import * as bcrypt from 'bcrypt';
import type { ApiResponse, ClinicAdmin } from '../support/test-app';
import { TestApp } from '../support/test-app';

/**
 * Attack suite: login. Repeated failures are throttled (429 with Retry-After, whatever the password and the
 * username); and nothing in the answer, neither status, body, headers nor time, tells a real username from an unknown
 * one: bcrypt runs for both, at the installation's real cost.
 */

type Body = Record<string, unknown>;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 0 ? (sorted[mid - 1] + sorted[mid]) / 2 : sorted[mid];
};

/** The answer without what differs on every request (its id and date). */
function comparable(res: ApiResponse<Body>): { status: number; body: Body; headers: Record<string, string> } {
  const { requestId: _id, ...body } = res.body;
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!['date', 'x-request-id', 'etag'].includes(name)) headers[name] = value;
  });
  return { status: res.status, body, headers };
}

describe('Attack suite: login', () => {
  describe('answers and timings', () => {
    /** The real cost production uses by default is 12; 10 keeps the run short while bcrypt still dominates each login. */
    const ROUNDS = 10;
    let api: TestApp;
    let superToken: string;
    let clinicId: string;
    let admin: ClinicAdmin;

    const login = (username: string, password: string): Promise<ApiResponse<Body>> => api.post<Body>('/api/auth/login', { username, password });
    /** An unknown username of the same length and shape as the real one. */
    const unknown = (i: number): string => `admin_${`zz${i}`.padEnd(admin.username.length - 'admin_'.length, 'q')}`;

    beforeAll(async () => {
      // Failures are throttled per address: allow enough of them here for the timing samples (the next block tests the throttle).
      api = await TestApp.start({ BCRYPT_ROUNDS: String(ROUNDS), LOGIN_MAX_FAILURES: '500' });
      superToken = await api.superadminToken();
      clinicId = (await api.provisionClinic(superToken)).id;
      admin = await api.createClinicAdmin(superToken, clinicId);
    });

    afterAll(async () => {
      await api?.destroy();
    });

    it('answers an unknown username, a wrong password, a disabled user and injection-shaped usernames with the same status, body and headers', async () => {
      const disabled = await api.createClinicAdmin(superToken, clinicId);
      expect((await api.patch(`/api/superadmin/clinics/${clinicId}/users/${disabled.id}`, { disabled: true }, superToken)).status).toBe(200);
      const reference = comparable(await login(unknown(0), 'Wrong-Password-1'));
      expect(reference.status).toBe(401);
      expect(reference.body).toEqual({ statusCode: 401, error: 'Unauthorized', code: 'INVALID_CREDENTIALS', message: expect.any(String) });
      const attempts: Array<[string, string, string]> = [
        ['a wrong password', admin.username, 'Wrong-Password-1'],
        ['a wrong password, username in capitals', admin.username.toUpperCase(), 'Wrong-Password-1'],
        ['the right password in capitals', admin.username, admin.password.toUpperCase()],
        ['a disabled user with the right password', disabled.username, disabled.password],
        ['the superadmin with a wrong password', api.config.superadminUsername, 'Wrong-Password-1'],
        ['SQL in the username', "' OR '1'='1' --", 'Wrong-Password-1'],
        ['SQL in the password', admin.username, "' OR '1'='1' --"],
        ['a LIKE wildcard as the username', 'admin_%', 'Wrong-Password-1'],
      ];
      // A wildcard username with a real user's password must not log anyone in.
      attempts.push(['a LIKE wildcard with a real password', 'admin_%', admin.password], ['a regex-like username with a real password', `${admin.username.slice(0, 8)}.*`, admin.password]);
      for (const [what, username, password] of attempts) {
        const answer = comparable(await login(username, password));
        expect({ what, ...answer }).toEqual({ what, ...reference });
      }
    });

    it('takes as long for an unknown username as for a real one with a wrong password (median of 20 each)', async () => {
      const time = async (username: string, password: string): Promise<number> => {
        const start = performance.now();
        const res = await login(username, password);
        const elapsed = performance.now() - start;
        expect(res.status).toBe(401);
        return elapsed;
      };
      // Warm up both paths (connections, caches, JIT) before measuring.
      for (let i = 0; i < 3; i += 1) {
        await time(unknown(100 + i), 'Wrong-Password-1');
        await time(admin.username, 'Wrong-Password-1');
      }
      const unknownTimes: number[] = [];
      const realTimes: number[] = [];
      for (let i = 0; i < 20; i += 1) {
        // Alternate which goes first, so that drift in the machine's load favours neither.
        if (i % 2 === 0) {
          unknownTimes.push(await time(unknown(i + 1), 'Wrong-Password-1'));
          realTimes.push(await time(admin.username, 'Wrong-Password-1'));
        } else {
          realTimes.push(await time(admin.username, 'Wrong-Password-1'));
          unknownTimes.push(await time(unknown(i + 1), 'Wrong-Password-1'));
        }
      }
      const medians = { unknown: median(unknownTimes), real: median(realTimes) };
      const [faster, slower] = [Math.min(medians.unknown, medians.real), Math.max(medians.unknown, medians.real)];
      expect({ medians, withinBound: slower <= 1.5 * faster + 5 }).toEqual({ medians, withinBound: true });

      // And both really pay for bcrypt at the installation's cost: an unknown username is not answered early.
      const hash = await bcrypt.hash('some-password', ROUNDS);
      const local: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const start = performance.now();
        await bcrypt.compare('other-password', hash);
        local.push(performance.now() - start);
      }
      expect({ medians, bcrypt: median(local), pays: medians.unknown >= 0.6 * median(local) }).toEqual({ medians, bcrypt: median(local), pays: true });
    });
  });

  describe('throttling', () => {
    const MAX = 3;
    let api: TestApp;
    let superToken: string;
    let clinicId: string;

    const login = (username: string, password: string, headers: Record<string, string> = {}): Promise<ApiResponse<Body>> =>
      api.request<Body>('POST', '/api/auth/login', { body: { username, password }, headers });

    function expectThrottled(res: ApiResponse<Body>, what: string): void {
      expect({ what, status: res.status }).toEqual({ what, status: 429 });
      expect(res.body).toEqual({ statusCode: 429, error: 'Too Many Requests', code: 'TOO_MANY_LOGIN_ATTEMPTS', message: expect.any(String), requestId: expect.any(String) });
      const retryAfter = Number(res.headers.get('retry-after'));
      expect({ what, retryAfter: Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 900 }).toEqual({ what, retryAfter: true });
      expect(res.body).not.toHaveProperty('accessToken');
    }

    beforeAll(async () => {
      api = await TestApp.start({ LOGIN_MAX_FAILURES: String(MAX), LOGIN_LOCK_SECONDS: '900' });
      superToken = await api.superadminToken();
      clinicId = (await api.provisionClinic(superToken)).id;
    });

    afterAll(async () => {
      await api?.destroy();
    });

    it('locks a username after LOGIN_MAX_FAILURES failures: 429 with Retry-After, even for the right password, a capitalised username or a forged X-Forwarded-For', async () => {
      const admin = await api.createClinicAdmin(superToken, clinicId);
      for (let i = 0; i < MAX; i += 1) expect((await login(admin.username, `Wrong-${i}`)).status).toBe(401);
      expectThrottled(await login(admin.username, admin.password), 'right password');
      expectThrottled(await login(admin.username.toUpperCase(), admin.password), 'capitalised username');
      for (const headers of <Array<Record<string, string>>>[{ 'x-forwarded-for': '203.0.113.7' }, { 'x-real-ip': '203.0.113.8' }, { forwarded: 'for=203.0.113.9' }]) {
        expectThrottled(await login(admin.username, admin.password, headers), JSON.stringify(headers));
      }
      // Being locked out is not a failure that extends itself: the wait never grows past the lock.
      const again = await login(admin.username, admin.password);
      expect(Number(again.headers.get('retry-after'))).toBeLessThanOrEqual(900);
    });

    it('throttles an unknown username exactly as a real one (the lock does not tell them apart)', async () => {
      const admin = await api.createClinicAdmin(superToken, clinicId);
      const ghost = `ghost_${admin.username.slice('admin_'.length)}`;
      const statuses = async (username: string): Promise<number[]> => {
        const out: number[] = [];
        for (let i = 0; i <= MAX; i += 1) out.push((await login(username, `Wrong-${i}`)).status);
        return out;
      };
      const real = await statuses(admin.username);
      const fake = await statuses(ghost);
      expect(real).toEqual([...Array<number>(MAX).fill(401), 429]);
      expect(fake).toEqual(real);
      const [locked, lockedReal] = [comparable(await login(ghost, 'x')), comparable(await login(admin.username, admin.password))];
      expect({ status: locked.status, body: locked.body }).toEqual({ status: lockedReal.status, body: lockedReal.body });
    });

    it('throttles the whole address after 4 × LOGIN_MAX_FAILURES failures spread over many usernames', async () => {
      const fresh = await api.createClinicAdmin(superToken, clinicId);
      let attempts = 0;
      let status = 401;
      // Earlier tests of this block already spent some of this address's failures: at most 4 × MAX more are needed.
      while (status === 401 && attempts <= 4 * MAX) {
        attempts += 1;
        status = (await login(`spray_${attempts}_${fresh.username}`, 'Wrong-Password-1')).status;
      }
      expect(status).toBe(429);
      expectThrottled(await login(fresh.username, fresh.password), 'a username never tried, with its right password');
    });
  });
});
