import { Transform } from 'class-transformer';
import { IsBase64, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';

/**
 * `true`/`false` (also `1`/`0`, `yes`/`no`, any case) as a boolean; anything else stays a string and fails
 * @IsBoolean. Implicit conversion would read `"false"` as true (`Boolean("false")`).
 */
function parseBoolean({ obj, key }: { obj: Record<string, unknown>; key: string }): unknown {
  const raw = obj[key];
  if (typeof raw !== 'string') return raw;
  const text = raw.trim().toLowerCase();
  if (['true', '1', 'yes'].includes(text)) return true;
  if (['false', '0', 'no'].includes(text)) return false;
  return raw;
}

/**
 * Every setting the server and the CLI read from the environment, validated at boot.
 * `.env.example` documents each one; keep the two in step. Every field has an explicit type:
 * class-transformer converts the environment's strings by the emitted design types.
 */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsString()
  HOST: string = '127.0.0.1';

  @IsInt()
  @Min(0)
  @Max(65535)
  PORT: number = 3000;

  /** The worker process's own port (`npm run start:worker`): /health, /ready and /metrics only, never the API. */
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_PORT: number = 3001;

  /** Registry database URL; the role must be allowed to create databases and roles. Empty: embedded PostgreSQL. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  /**
   * The registry through a connection pooler (PgBouncer in transaction mode), for the registry pool and the job queue.
   * DATABASE_URL stays the direct URL: migrations, advisory locks, the queue's liveness lock, provisioning, backups.
   * Unset: DATABASE_URL for everything.
   */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^\s]+$/, { message: 'DATABASE_POOL_URL must be a postgres:// URL' })
  DATABASE_POOL_URL?: string;

  /**
   * Hot parameterised statements (the job queue's, the webhook intake's) as named prepared statements. Set false behind
   * PgBouncer older than 1.21 in transaction mode (or 1.21+ without max_prepared_statements): they then go unnamed.
   */
  @Transform(parseBoolean)
  @IsBoolean({ message: 'DATABASE_PREPARED_STATEMENTS must be true or false' })
  DATABASE_PREPARED_STATEMENTS: boolean = true;

  @IsString()
  DATA_DIR: string = './.data';

  /** Where `backup` writes, and where final exports of decommissioned clinics go (default: DATA_DIR/backups). */
  @IsOptional()
  @IsString()
  BACKUP_DIR?: string;

  /** Folder of PostgreSQL's client tools (pg_dump, pg_restore) when they are not on the PATH or too old there. */
  @IsOptional()
  @IsString()
  PG_BIN_DIR?: string;

  /** Prefix of every database and role name this installation creates. */
  @Matches(/^[a-z][a-z0-9]{0,15}$/, { message: 'DB_PREFIX must be 1-16 lowercase letters or digits, starting with a letter' })
  DB_PREFIX: string = 'sophie';

  @IsOptional()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Matches(/^\d+[smhd]$/, { message: 'JWT_EXPIRES_IN must be a number followed by s, m, h or d (for example 1h)' })
  JWT_EXPIRES_IN: string = '1h';

  @IsOptional()
  @IsBase64({}, { message: 'SECRETS_KEY must be 32 bytes encoded in base64' })
  SECRETS_KEY?: string;

  /** Keys SECRETS_KEY replaced, comma-separated (each 32 bytes, base64): still read, never written. Only while `keys rotate` runs; remove them once `keys status` shows them unused. */
  @IsOptional()
  @IsString()
  SECRETS_KEYS_PREVIOUS?: string;

  @Matches(/^[a-zA-Z0-9._@-]{3,64}$/, { message: 'SUPERADMIN_USERNAME must be 3-64 letters, digits or . _ @ -' })
  SUPERADMIN_USERNAME: string = 'superadmin';

  @IsOptional()
  @MinLength(12, { message: 'SUPERADMIN_PASSWORD must be at least 12 characters' })
  SUPERADMIN_PASSWORD?: string;

  @IsInt()
  @Min(4)
  @Max(15)
  BCRYPT_ROUNDS: number = 12;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @IsInt()
  @Min(1)
  @Max(100)
  REGISTRY_POOL_SIZE: number = 10;

  @IsInt()
  @Min(1)
  @Max(50)
  TENANT_POOL_SIZE: number = 2;

  @IsInt()
  @Min(1)
  @Max(10000)
  TENANT_MAX_CONNECTIONS: number = 60;

  @IsInt()
  @Min(1)
  TENANT_POOL_IDLE_SECONDS: number = 300;

  @IsInt()
  @Min(100)
  TENANT_CONNECT_TIMEOUT_MS: number = 3000;

  @IsInt()
  @Min(100)
  TENANT_ACQUIRE_TIMEOUT_MS: number = 10000;

  @IsInt()
  @Min(1)
  LOGIN_MAX_FAILURES: number = 5;

  @IsInt()
  @Min(1)
  LOGIN_LOCK_SECONDS: number = 900;

  @IsInt()
  @Min(1)
  @Max(64)
  MIGRATE_CONCURRENCY: number = 4;

  @IsInt()
  @Min(1024)
  BODY_LIMIT_BYTES: number = 1_048_576;

  /** Meta's webhook payloads reach 3 MB; the webhook routes accept this much. */
  @IsInt()
  @Min(1024)
  WEBHOOK_BODY_LIMIT_BYTES: number = 3 * 1_048_576;

  /** Meta's Graph API; tests and the local simulator point it at the fake Graph server. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  META_GRAPH_URL: string = 'https://graph.facebook.com';

  /** How long one Graph API call (a send, a read receipt, a media description) may take before it counts as failed and is retried. */
  @IsInt()
  @Min(100)
  @Max(120_000)
  WHATSAPP_TIMEOUT_MS: number = 10_000;

  /** Run the durable queue's workers in this process (the API and a separate worker process both can). */
  @Transform(parseBoolean)
  @IsBoolean({ message: 'QUEUE_WORKERS must be true or false' })
  QUEUE_WORKERS: boolean = true;

  /** How often idle queue workers look for jobs sent by other processes (jobs sent here wake them at once). */
  @IsNumber()
  @Min(0.5)
  @Max(60)
  QUEUE_POLL_SECONDS: number = 1;

  /** Google OAuth client of the installation (a Web application client). All three Google settings, or none: without them practitioners' calendars are not used. */
  @IsOptional()
  @IsString()
  GOOGLE_CLIENT_ID?: string;

  @IsOptional()
  @IsString()
  GOOGLE_CLIENT_SECRET?: string;

  /** Where Google sends the practitioner back: this server's `/oauth/callback`, exactly as registered at Google. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  GOOGLE_REDIRECT_URI?: string;

  /** Google's APIs (the Calendar API's root); tests and local runs point it at the fake Google server. */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  GOOGLE_API_URL: string = 'https://www.googleapis.com';

  /** Google's OAuth endpoints (authorisation, token, revoke) under one base URL, for the fake Google server; unset: Google's own. */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  GOOGLE_OAUTH_URL?: string;

  /** How long one call to Google (a calendar write, free/busy, a token refresh) may take before it counts as failed. */
  @IsInt()
  @Min(100)
  @Max(120_000)
  GOOGLE_TIMEOUT_MS: number = 10_000;

  /** Where the built admin dashboard is (`npm run build:admin`), served at /admin; relative to the working directory. */
  @IsString()
  ADMIN_DIST_DIR: string = 'dist/admin';

  /** The admin dashboard, where the calendar linking flow returns: a path on this server or an absolute URL. */
  @Matches(/^(\/|https?:\/\/)[^\s]*$/, { message: 'ADMIN_URL must be a path starting with / or an http(s) URL' })
  ADMIN_URL: string = '/admin';

  /** Bearer token Prometheus must send to read /metrics. Unset: /metrics is open (keep it off the public network). */
  @IsOptional()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;
}

/** Settings whose values must never be printed. */
export const SENSITIVE_SETTINGS: ReadonlySet<string> = new Set([
  'DATABASE_URL',
  'DATABASE_POOL_URL',
  'JWT_SECRET',
  'SECRETS_KEY',
  'SECRETS_KEYS_PREVIOUS',
  'SUPERADMIN_PASSWORD',
  'GOOGLE_CLIENT_SECRET',
  'METRICS_TOKEN',
]);
