import { createHmac } from 'node:crypto';
import { TestApp } from './support/test-app';
import { SUPERADMIN_PASSWORD } from './support/test-env';

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function sign(header: object, payload: object, secret: string): string {
  const body = `${b64url(header)}.${b64url(payload)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

describe('Authentication', () => {
  let api: TestApp;
  let superToken: string;
  let clinic: { id: string };

  beforeAll(async () => {
    api = await TestApp.start({ LOGIN_MAX_FAILURES: '3' });
    superToken = await api.superadminToken();
    clinic = await api.provisionClinic(superToken);
  });

  afterAll(async () => {
    await api.destroy();
  });

  it('logs in and returns a token, its lifetime and the user', async () => {
    const res = await api.post<Record<string, unknown>>('/api/auth/login', { username: api.config.superadminUsername, password: SUPERADMIN_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accessToken: expect.any(String), expiresIn: 3600, user: { username: api.config.superadminUsername, role: 'SUPERADMIN', clinicId: null } });
    const me = await api.get('/api/auth/me', res.body.accessToken as string);
    expect(me.body).toMatchObject({ role: 'SUPERADMIN' });
  });

  it('answers an unknown username and a wrong password the same way', async () => {
    const admin = await api.createClinicAdmin(superToken, clinic.id);
    const unknown = await api.post<Record<string, unknown>>('/api/auth/login', { username: 'nobody-here', password: 'Whatever-Pass-1' });
    const wrong = await api.post<Record<string, unknown>>('/api/auth/login', { username: admin.username, password: 'Whatever-Pass-1' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    const { requestId: _a, ...u } = unknown.body;
    const { requestId: _b, ...w } = wrong.body;
    expect(u).toEqual(w);
  });

  it('throttles repeated failures, even when the right password follows', async () => {
    const admin = await api.createClinicAdmin(superToken, clinic.id);
    for (let i = 0; i < 3; i += 1) {
      expect((await api.post('/api/auth/login', { username: admin.username, password: 'Wrong-Password-1' })).status).toBe(401);
    }
    const throttled = await api.post('/api/auth/login', { username: admin.username, password: admin.password });
    expect(throttled.status).toBe(429);
    expect(throttled.body).toMatchObject({ code: 'TOO_MANY_LOGIN_ATTEMPTS' });
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses tokens with alg none, another key, altered claims or past expiry', async () => {
    const admin = await api.createClinicAdmin(superToken, clinic.id);
    const [, payloadPart] = admin.token.split('.');
    const claims = JSON.parse(Buffer.from(payloadPart, 'base64url').toString()) as Record<string, unknown>;
    const now = Math.floor(Date.now() / 1000);
    const forged = [
      `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ ...claims, role: 'SUPERADMIN', clinicId: null })}.`,
      sign({ alg: 'HS256', typ: 'JWT' }, { ...claims, role: 'SUPERADMIN', clinicId: null }, 'another-secret-another-secret-another'),
      `${admin.token.split('.')[0]}.${b64url({ ...claims, role: 'SUPERADMIN', clinicId: null })}.${admin.token.split('.')[2]}`,
      sign({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now - 7200, exp: now - 3600 }, api.config.jwtSecret),
      sign({ alg: 'HS512', typ: 'JWT' }, claims, api.config.jwtSecret),
    ];
    for (const token of forged) {
      expect((await api.get('/api/superadmin/clinics', token)).status).toBe(401);
      expect((await api.get(`/api/clinics/${clinic.id}`, token)).status).toBe(401);
    }
    expect((await api.get(`/api/clinics/${clinic.id}`, admin.token)).status).toBe(200);
  });
});
