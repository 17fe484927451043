import type { EnvironmentVariables } from './environment';

/** The installation's Google OAuth client and where Google's endpoints are. */
export interface GoogleSettings {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  /** Root of Google's APIs, with a trailing slash (the googleapis `rootUrl`). */
  readonly apiUrl: string;
  /** Base of the OAuth endpoints when overridden (no trailing slash); undefined: Google's own. */
  readonly oauthUrl: string | undefined;
  /** How long one call to Google may take (GOOGLE_TIMEOUT_MS). */
  readonly timeoutMs: number;
}

export interface TenantPoolSettings {
  /** Connections at most in one clinic's pool. */
  poolSize: number;
  /** Connections at most across every clinic pool of this process. */
  maxConnections: number;
  /** A clinic pool unused for this long is closed. */
  idleMs: number;
  /** How long opening a clinic connection may take before the clinic is reported unavailable. */
  connectTimeoutMs: number;
  /** How long a request may wait for room in the pool budget. */
  acquireTimeoutMs: number;
}

/** The validated, typed configuration of one process. Secrets are kept here and nowhere else. */
export class AppConfig {
  readonly nodeEnv: EnvironmentVariables['NODE_ENV'];
  readonly host: string;
  readonly port: number;
  /** Port of the worker process's health and metrics server (WORKER_PORT). */
  readonly workerPort: number;
  /** Connection URL of the central registry database (admin role of the primary server). */
  readonly registryUrl: string;
  /** The registry as the registry pool and the job queue reach it: through a pooler (DATABASE_POOL_URL), else registryUrl. */
  readonly registryPoolUrl: string;
  /** Whether hot statements run as named prepared statements (DATABASE_PREPARED_STATEMENTS). */
  readonly preparedStatements: boolean;
  /** True when the registry lives in the embedded PostgreSQL under dataDir. */
  readonly embedded: boolean;
  readonly dataDir: string;
  readonly dbPrefix: string;
  readonly jwtSecret: string;
  readonly jwtExpiresIn: string;
  /** The key every secret is sealed with from now on (SECRETS_KEY). */
  readonly secretsKey: Buffer;
  /** Keys secrets sealed earlier may still be under (SECRETS_KEYS_PREVIOUS): read, never used to seal or sign. */
  readonly previousSecretsKeys: readonly Buffer[];
  readonly superadminUsername: string;
  readonly superadminPassword: string | undefined;
  readonly bcryptRounds: number;
  readonly logLevel: string;
  readonly registryPoolSize: number;
  readonly tenantPools: TenantPoolSettings;
  readonly loginMaxFailures: number;
  readonly loginLockMs: number;
  readonly migrateConcurrency: number;
  readonly bodyLimitBytes: number;
  readonly webhookBodyLimitBytes: number;
  /** Base URL of Meta's Graph API (no trailing slash). */
  readonly metaGraphUrl: string;
  /** How long one Graph API call may take before it counts as failed (WHATSAPP_TIMEOUT_MS). */
  readonly whatsappTimeoutMs: number;
  readonly queueWorkers: boolean;
  readonly queuePollSeconds: number;
  /** Undefined when Google is not configured: the clinic's own calendar alone decides. */
  readonly google: GoogleSettings | undefined;
  /** The admin dashboard (path on this server or absolute URL, no trailing slash). */
  readonly adminUrl: string;
  /** Absolute folder of the built admin dashboard (its index.html and assets). */
  readonly adminDistDir: string;
  /** Absolute folder of backups and of decommissioned clinics' final exports. */
  readonly backupDir: string;
  /** Folder of pg_dump and pg_restore; undefined: the PATH. */
  readonly pgBinDir: string | undefined;
  /** Bearer token required by /metrics; undefined: /metrics is open (it must then not be reachable publicly). */
  readonly metricsToken: string | undefined;

  constructor(init: Omit<AppConfig, 'toString' | 'toJSON' | 'uploadsDir'>) {
    this.nodeEnv = init.nodeEnv;
    this.host = init.host;
    this.port = init.port;
    this.workerPort = init.workerPort;
    this.registryUrl = init.registryUrl;
    this.registryPoolUrl = init.registryPoolUrl;
    this.preparedStatements = init.preparedStatements;
    this.embedded = init.embedded;
    this.dataDir = init.dataDir;
    this.dbPrefix = init.dbPrefix;
    this.jwtSecret = init.jwtSecret;
    this.jwtExpiresIn = init.jwtExpiresIn;
    this.secretsKey = init.secretsKey;
    this.previousSecretsKeys = init.previousSecretsKeys;
    this.superadminUsername = init.superadminUsername;
    this.superadminPassword = init.superadminPassword;
    this.bcryptRounds = init.bcryptRounds;
    this.logLevel = init.logLevel;
    this.registryPoolSize = init.registryPoolSize;
    this.tenantPools = init.tenantPools;
    this.loginMaxFailures = init.loginMaxFailures;
    this.loginLockMs = init.loginLockMs;
    this.migrateConcurrency = init.migrateConcurrency;
    this.bodyLimitBytes = init.bodyLimitBytes;
    this.webhookBodyLimitBytes = init.webhookBodyLimitBytes;
    this.metaGraphUrl = init.metaGraphUrl;
    this.whatsappTimeoutMs = init.whatsappTimeoutMs;
    this.queueWorkers = init.queueWorkers;
    this.queuePollSeconds = init.queuePollSeconds;
    this.google = init.google;
    this.adminUrl = init.adminUrl;
    this.adminDistDir = init.adminDistDir;
    this.backupDir = init.backupDir;
    this.pgBinDir = init.pgBinDir;
    this.metricsToken = init.metricsToken;
  }

  /** Where files patients send are kept: `<dataDir>/uploads/{media-type}/{clinicId}/`. */
  get uploadsDir(): string {
    return `${this.dataDir.replace(/\/+$/, '')}/uploads`;
  }

  /** Never print secrets, even by accident. */
  toString(): string {
    return `AppConfig(port=${this.port}, embedded=${this.embedded}, prefix=${this.dbPrefix})`;
  }

  toJSON(): Record<string, unknown> {
    return { port: this.port, embedded: this.embedded, dbPrefix: this.dbPrefix, dataDir: this.dataDir };
  }
}
