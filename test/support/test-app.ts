import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ApiAppOptions, createApiApp } from '../../apps/api/src/app.factory';
import { AppConfig } from '../../libs/common/src';
import { migrateRegistry } from '../../libs/registry/src';
import { configFrom, dropInstallation, SUPERADMIN_PASSWORD, testEnvironment } from './test-env';

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export interface ClinicAdmin {
  id: string;
  username: string;
  password: string;
  token: string;
}

/** A running API over its own registry, reached over real HTTP on loopback. */
export class TestApp {
  private constructor(
    readonly app: NestExpressApplication,
    readonly config: AppConfig,
    readonly env: NodeJS.ProcessEnv,
    readonly baseUrl: string,
  ) {}

  /** `appOptions`: Nest's own logger is off unless given (the logging test passes a destination to read the lines). */
  static async start(overrides: Record<string, string> = {}, env = testEnvironment(overrides), appOptions: ApiAppOptions = { logger: false }): Promise<TestApp> {
    const config = await configFrom(env);
    await migrateRegistry(config.registryUrl);
    const { app } = await createApiApp(config, appOptions);
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    return new TestApp(app, config, env, `http://127.0.0.1:${port}`);
  }

  get prefix(): string {
    return this.config.dbPrefix;
  }

  /** Starts a second instance over the same registry (another API process, as in production). */
  async sibling(overrides: Record<string, string> = {}): Promise<TestApp> {
    return TestApp.start(overrides, { ...this.env, ...overrides });
  }

  async request<T = Record<string, unknown>>(method: string, path: string, options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string>; redirect?: 'follow' | 'manual' } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.raw !== undefined) {
      body = options.raw;
      headers['content-type'] ??= 'application/json';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body, redirect: options.redirect });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: keep the text.
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  get<T = Record<string, unknown>>(path: string, token?: string): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path, { token });
  }

  post<T = Record<string, unknown>>(path: string, body: unknown, token?: string): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, { token, body });
  }

  patch<T = Record<string, unknown>>(path: string, body: unknown, token?: string): Promise<ApiResponse<T>> {
    return this.request<T>('PATCH', path, { token, body });
  }

  put<T = Record<string, unknown>>(path: string, body: unknown, token?: string): Promise<ApiResponse<T>> {
    return this.request<T>('PUT', path, { token, body });
  }

  delete<T = Record<string, unknown>>(path: string, token?: string): Promise<ApiResponse<T>> {
    return this.request<T>('DELETE', path, { token });
  }

  async login(username: string, password: string): Promise<string> {
    const res = await this.post<{ accessToken: string }>('/api/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`Login of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken;
  }

  superadminToken(): Promise<string> {
    return this.login(this.config.superadminUsername, SUPERADMIN_PASSWORD);
  }

  async provisionClinic(token: string, profile: Record<string, unknown> = {}): Promise<{ id: string; name: string }> {
    const res = await this.post<{ id: string; name: string }>('/api/superadmin/clinics', { name: `Clinic ${Math.random().toString(36).slice(2, 8)}`, timezone: 'Europe/Paris', ...profile }, token);
    if (res.status !== 201) throw new Error(`Provisioning failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async createClinicAdmin(superToken: string, clinicId: string): Promise<ClinicAdmin> {
    const username = `admin_${Math.random().toString(36).slice(2, 10)}`;
    const password = 'Clinic-Admin-Pass-9';
    const res = await this.post<{ id: string }>(`/api/superadmin/clinics/${clinicId}/users`, { username, password }, superToken);
    if (res.status !== 201) throw new Error(`Creating an admin failed: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.id, username, password, token: await this.login(username, password) };
  }

  async close(): Promise<void> {
    await this.app.close();
  }

  /** Closes the app and drops everything its installation created. */
  async destroy(): Promise<void> {
    await this.close();
    await dropInstallation(this.prefix);
  }
}
