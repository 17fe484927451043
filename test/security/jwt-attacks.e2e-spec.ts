import { createHmac, generateKeyPairSync, randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { ApiResponse, ClinicAdmin } from '../support/test-app';
import { TestApp } from '../support/test-app';
import { withAdmin } from '../support/test-env';

/**
 * Attack suite: forged and stale JWTs. Every token below is built in the test, never by the API, and every one must be
 * refused with 401 (or 403) in the API's one error shape, on a clinic route and on a superadmin route alike.
 */

type Claims = Record<string, unknown>;

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function parts(token: string): { header: Claims; claims: Claims; signature: string } {
  const [header, payload, signature] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString()) as Claims,
    claims: JSON.parse(Buffer.from(payload, 'base64url').toString()) as Claims,
    signature,
  };
}

/** An HS256 token over exactly these header and claims (no library defaults added). */
function hs256(header: Claims, claims: Claims, secret: string | Buffer): string {
  const body = `${b64url(header)}.${b64url(claims)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

function expectRefused(res: ApiResponse, label: string): void {
  expect({ label, status: [401, 403].includes(res.status) ? 'refused' : res.status }).toEqual({ label, status: 'refused' });
  expect(res.body).toEqual({
    statusCode: res.status,
    error: expect.any(String),
    code: expect.any(String),
    message: expect.any(String),
    requestId: expect.any(String),
  });
  expect(JSON.stringify(res.body)).not.toMatch(/jsonwebtoken|JsonWebTokenError|stack|at \w+ \(/);
}

describe('Attack suite: JWTs', () => {
  let api: TestApp;
  let superToken: string;
  let clinicA: { id: string };
  let clinicB: { id: string };
  let adminA: ClinicAdmin;
  let claimsA: Claims;

  beforeAll(async () => {
    api = await TestApp.start();
    superToken = await api.superadminToken();
    clinicA = await api.provisionClinic(superToken);
    clinicB = await api.provisionClinic(superToken);
    adminA = await api.createClinicAdmin(superToken, clinicA.id);
    claimsA = parts(adminA.token).claims;
  });

  afterAll(async () => {
    await api.destroy();
  });

  /** A clinic route (clinic A's and clinic B's profile) and two superadmin routes: all must refuse `token`. */
  async function expectRefusedEverywhere(token: string, label: string): Promise<void> {
    expectRefused(await api.get(`/api/clinics/${clinicA.id}`, token), `${label}: clinic A`);
    expectRefused(await api.get(`/api/clinics/${clinicB.id}`, token), `${label}: clinic B`);
    expectRefused(await api.get('/api/superadmin/clinics', token), `${label}: superadmin list`);
    expectRefused(await api.post('/api/superadmin/clinics', { name: `Forged ${label}`, timezone: 'Europe/Paris' }, token), `${label}: superadmin provision`);
    expectRefused(await api.get('/api/auth/me', token), `${label}: me`);
  }

  it('accepts the genuine token (the baseline every forgery below starts from)', async () => {
    expect(parts(adminA.token).header).toMatchObject({ alg: 'HS256' });
    expect(claimsA).toMatchObject({ sub: adminA.id, userId: adminA.id, role: 'ADMIN', clinicId: clinicA.id });
    expect((await api.get(`/api/clinics/${clinicA.id}`, adminA.token)).status).toBe(200);
    expect((await api.get('/api/superadmin/clinics', adminA.token)).status).toBe(403);
  });

  describe('alg: none', () => {
    const escalated = (): Claims => ({ ...claimsA, role: 'SUPERADMIN', clinicId: null });
    it.each([
      ['none, empty signature', (): string => `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(escalated())}.`],
      ['none, no signature part', (): string => `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(escalated())}`],
      ['None (case variant)', (): string => `${b64url({ alg: 'None', typ: 'JWT' })}.${b64url(escalated())}.`],
      ['NONE with the original signature', (): string => `${b64url({ alg: 'NONE', typ: 'JWT' })}.${b64url(escalated())}.${parts(adminA.token).signature}`],
      ['none, original claims', (): string => `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claimsA)}.`],
      ['jsonwebtoken alg none', (): string => jwt.sign(escalated(), '', { algorithm: 'none' })],
    ])('refuses %s', async (label, make) => {
      await expectRefusedEverywhere(make(), label);
    });
  });

  describe('another key', () => {
    it('refuses HS256 tokens signed with a random key, an empty key and a near-miss of the real key', async () => {
      const secret = api.config.jwtSecret;
      const keys: Array<[string, string | Buffer]> = [
        ['random key', randomBytes(48)],
        ['empty key', ''],
        ['real key with one character changed', `${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`],
        ['real key truncated', secret.slice(0, 16)],
      ];
      for (const [label, key] of keys) {
        await expectRefusedEverywhere(hs256({ alg: 'HS256', typ: 'JWT' }, claimsA, key), label);
        await expectRefusedEverywhere(hs256({ alg: 'HS256', typ: 'JWT' }, { ...claimsA, role: 'SUPERADMIN', clinicId: null }, key), `${label}, escalated`);
      }
    });

    it('refuses the real secret under another algorithm (HS384, HS512)', async () => {
      for (const algorithm of ['HS384', 'HS512'] as const) {
        await expectRefusedEverywhere(jwt.sign(claimsA, api.config.jwtSecret, { algorithm }), algorithm);
      }
    });

    it('refuses an RS256 token signed with an attacker key pair, and an HS256 token keyed with that public key', async () => {
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      await expectRefusedEverywhere(jwt.sign({ ...claimsA, role: 'SUPERADMIN', clinicId: null }, privateKey, { algorithm: 'RS256' }), 'RS256');
      const pem = publicKey.export({ type: 'spki', format: 'pem' });
      await expectRefusedEverywhere(hs256({ alg: 'HS256', typ: 'JWT' }, { ...claimsA, role: 'SUPERADMIN', clinicId: null }, pem), 'HS256 keyed with a public key');
    });
  });

  describe('expiry', () => {
    it('refuses tokens signed with the real key that expired, even a second ago', async () => {
      const now = Math.floor(Date.now() / 1000);
      for (const [label, iat, exp] of [
        ['an hour ago', now - 7200, now - 3600],
        ['a few seconds ago', now - 3600, now - 5],
        ['at the epoch', 0, 1],
      ] as const) {
        await expectRefusedEverywhere(hs256({ alg: 'HS256', typ: 'JWT' }, { ...claimsA, iat, exp }, api.config.jwtSecret), `expired ${label}`);
      }
    });

    it('refuses a token signed with the real key that never expires (no exp claim)', async () => {
      const { exp: _exp, ...forever } = claimsA as Claims & { exp?: number };
      await expectRefusedEverywhere(hs256({ alg: 'HS256', typ: 'JWT' }, { ...forever, iat: Math.floor(Date.now() / 1000) }, api.config.jwtSecret), 'no exp');
    });
  });

  describe('altered claims', () => {
    const withOriginalSignature = (claims: Claims): string => {
      const [header, , signature] = adminA.token.split('.');
      return `${header}.${b64url(claims)}.${signature}`;
    };

    it.each([
      ['role SUPERADMIN', { role: 'SUPERADMIN' }],
      ['role SUPERADMIN without a clinic', { role: 'SUPERADMIN', clinicId: null }],
      ["clinic B's id", { clinicId: 'B' }],
      ['a later expiry', { exp: Math.floor(Date.now() / 1000) + 365 * 86400 }],
      ["the superadmin's user id", { sub: 'SUPER', userId: 'SUPER' }],
    ])('refuses the original signature over %s', async (label, change) => {
      const superId = parts(superToken).claims.userId;
      const resolved = Object.fromEntries(Object.entries(change).map(([k, v]) => [k, v === 'B' ? clinicB.id : v === 'SUPER' ? superId : v]));
      await expectRefusedEverywhere(withOriginalSignature({ ...claimsA, ...resolved }), label);
    });

    it('refuses claims that disagree with the registry even under the real key (a leaked secret still does not move a user)', async () => {
      const sign = (claims: Claims): string => hs256({ alg: 'HS256', typ: 'JWT' }, claims, api.config.jwtSecret);
      await expectRefusedEverywhere(sign({ ...claimsA, role: 'SUPERADMIN', clinicId: null }), 'ADMIN re-signed as SUPERADMIN');
      // A valid token of clinic A's admin naming clinic B is refused outright, not merely scoped to A.
      await expectRefusedEverywhere(sign({ ...claimsA, clinicId: clinicB.id }), 'ADMIN re-signed for clinic B');
      await expectRefusedEverywhere(sign({ ...claimsA, sub: randomBytes(4).toString('hex') }), 'sub differs from userId');
    });
  });

  describe('users who no longer stand', () => {
    it("refuses a disabled user's token everywhere, though it is genuine and unexpired", async () => {
      const admin = await api.createClinicAdmin(superToken, clinicA.id);
      expect((await api.get(`/api/clinics/${clinicA.id}`, admin.token)).status).toBe(200);
      expect((await api.patch(`/api/superadmin/clinics/${clinicA.id}/users/${admin.id}`, { disabled: true }, superToken)).status).toBe(200);
      await expectRefusedEverywhere(admin.token, 'disabled user');
    });

    it("refuses a deleted user's token everywhere, though it is genuine and unexpired", async () => {
      const admin = await api.createClinicAdmin(superToken, clinicA.id);
      expect((await api.get(`/api/clinics/${clinicA.id}`, admin.token)).status).toBe(200);
      const deleted = await withAdmin(`${api.prefix}_registry`, (c) => c.query('DELETE FROM users WHERE id = $1', [admin.id]));
      expect(deleted.rowCount).toBe(1);
      await expectRefusedEverywhere(admin.token, 'deleted user');
    });

    it('refuses a token minted with the real key for a user id that never existed', async () => {
      const ghost = '00000000-0000-4000-8000-000000000000';
      await expectRefusedEverywhere(hs256({ alg: 'HS256', typ: 'JWT' }, { ...claimsA, sub: ghost, userId: ghost, role: 'SUPERADMIN', clinicId: null }, api.config.jwtSecret), 'ghost superadmin');
    });
  });

  describe('malformed and misplaced tokens', () => {
    it.each([
      ['garbage', 'not-a-jwt'],
      ['two parts', 'a.b'],
      ['empty bearer', ''],
      ['header only JSON', `${b64url({ alg: 'HS256' })}..`],
    ])('refuses %s', async (label, token) => {
      expectRefused(await api.request('GET', `/api/clinics/${clinicA.id}`, { headers: { authorization: `Bearer ${token}` } }), label);
      expectRefused(await api.request('GET', '/api/superadmin/clinics', { headers: { authorization: `Bearer ${token}` } }), label);
    });

    it('takes the token from the Authorization bearer header only (not a cookie, query string or another scheme)', async () => {
      for (const headers of <Array<Record<string, string>>>[{ cookie: `token=${superToken}; access_token=${superToken}` }, { authorization: `Basic ${superToken}` }, { authorization: superToken }, { 'x-access-token': superToken }]) {
        expectRefused(await api.request('GET', '/api/superadmin/clinics', { headers }), JSON.stringify(Object.keys(headers)));
      }
      expectRefused(await api.get(`/api/superadmin/clinics?access_token=${superToken}&token=${superToken}`), 'query string');
    });
  });
});
