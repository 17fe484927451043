import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EmbeddedPostgresHandle, startEmbeddedPostgres } from '../database/embedded-postgres';
import { AppConfig, type GoogleSettings } from './app-config';
import { EnvironmentVariables } from './environment';
import { loadEnvironment, previousSecretsKeys } from './load-environment';

/** Values generated once in embedded mode and kept in DATA_DIR (mode 0600). */
interface LocalSecrets {
  postgresPassword: string;
  jwtSecret: string;
  secretsKey: string;
}

export interface Runtime {
  config: AppConfig;
  /** Present in embedded mode. */
  embedded?: EmbeddedPostgresHandle;
}

async function loadLocalSecrets(dataDir: string): Promise<LocalSecrets> {
  const file = path.join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as LocalSecrets;
  const secrets: LocalSecrets = {
    postgresPassword: randomBytes(24).toString('base64url'),
    jwtSecret: randomBytes(48).toString('base64url'),
    secretsKey: randomBytes(32).toString('base64'),
  };
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  await chmod(file, 0o600);
  return secrets;
}

export function registryDatabaseName(prefix: string): string {
  return `${prefix}_registry`;
}

export function buildAppConfig(
  env: EnvironmentVariables,
  resolved: { registryUrl: string; embedded: boolean; jwtSecret: string; secretsKey: string },
): AppConfig {
  const secretsKey = Buffer.from(resolved.secretsKey, 'base64');
  return new AppConfig({
    nodeEnv: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    workerPort: env.WORKER_PORT,
    registryUrl: resolved.registryUrl,
    registryPoolUrl: env.DATABASE_POOL_URL ?? resolved.registryUrl,
    preparedStatements: env.DATABASE_PREPARED_STATEMENTS,
    embedded: resolved.embedded,
    dataDir: path.resolve(env.DATA_DIR),
    dbPrefix: env.DB_PREFIX,
    jwtSecret: resolved.jwtSecret,
    jwtExpiresIn: env.JWT_EXPIRES_IN,
    secretsKey,
    // In embedded mode SECRETS_KEY may come from DATA_DIR: a previous key equal to it adds nothing.
    previousSecretsKeys: previousSecretsKeys(env.SECRETS_KEYS_PREVIOUS).filter((key) => !key.equals(secretsKey)),
    superadminUsername: env.SUPERADMIN_USERNAME,
    superadminPassword: env.SUPERADMIN_PASSWORD,
    bcryptRounds: env.BCRYPT_ROUNDS,
    logLevel: env.LOG_LEVEL,
    registryPoolSize: env.REGISTRY_POOL_SIZE,
    tenantPools: {
      poolSize: env.TENANT_POOL_SIZE,
      maxConnections: Math.max(env.TENANT_MAX_CONNECTIONS, env.TENANT_POOL_SIZE),
      idleMs: env.TENANT_POOL_IDLE_SECONDS * 1000,
      connectTimeoutMs: env.TENANT_CONNECT_TIMEOUT_MS,
      acquireTimeoutMs: env.TENANT_ACQUIRE_TIMEOUT_MS,
    },
    loginMaxFailures: env.LOGIN_MAX_FAILURES,
    loginLockMs: env.LOGIN_LOCK_SECONDS * 1000,
    migrateConcurrency: env.MIGRATE_CONCURRENCY,
    bodyLimitBytes: env.BODY_LIMIT_BYTES,
    webhookBodyLimitBytes: env.WEBHOOK_BODY_LIMIT_BYTES,
    metaGraphUrl: env.META_GRAPH_URL.replace(/\/+$/, ''),
    whatsappTimeoutMs: env.WHATSAPP_TIMEOUT_MS,
    queueWorkers: env.QUEUE_WORKERS,
    queuePollSeconds: env.QUEUE_POLL_SECONDS,
    google: googleSettings(env),
    adminUrl: env.ADMIN_URL.replace(/\/+$/, ''),
    adminDistDir: path.resolve(env.ADMIN_DIST_DIR),
    backupDir: path.resolve(env.BACKUP_DIR ?? path.join(env.DATA_DIR, 'backups')),
    pgBinDir: env.PG_BIN_DIR ? path.resolve(env.PG_BIN_DIR) : undefined,
    metricsToken: env.METRICS_TOKEN,
  });
}

/**
 * Validates the environment and, with no DATABASE_URL, starts (or joins) the embedded PostgreSQL
 * under DATA_DIR, generating the missing secrets once. Throws ConfigError on a bad setting.
 */
export async function prepareRuntime(processEnv: NodeJS.ProcessEnv): Promise<Runtime> {
  const env = loadEnvironment(processEnv);
  if (env.DATABASE_URL !== undefined) {
    return {
      config: buildAppConfig(env, {
        registryUrl: env.DATABASE_URL,
        embedded: false,
        jwtSecret: env.JWT_SECRET as string,
        secretsKey: env.SECRETS_KEY as string,
      }),
    };
  }
  const dataDir = path.resolve(env.DATA_DIR);
  const local = await loadLocalSecrets(dataDir);
  const embedded = await startEmbeddedPostgres({ clusterDir: path.join(dataDir, 'pg'), password: local.postgresPassword });
  const config = buildAppConfig(env, {
    registryUrl: embedded.url(registryDatabaseName(env.DB_PREFIX)),
    embedded: true,
    jwtSecret: env.JWT_SECRET ?? local.jwtSecret,
    secretsKey: env.SECRETS_KEY ?? local.secretsKey,
  });
  return { config, embedded };
}

function googleSettings(env: EnvironmentVariables): GoogleSettings | undefined {
  if (env.GOOGLE_CLIENT_ID === undefined || env.GOOGLE_CLIENT_SECRET === undefined || env.GOOGLE_REDIRECT_URI === undefined) return undefined;
  return {
    clientId: env.GOOGLE_CLIENT_ID,
    clientSecret: env.GOOGLE_CLIENT_SECRET,
    redirectUri: env.GOOGLE_REDIRECT_URI,
    apiUrl: `${env.GOOGLE_API_URL.replace(/\/+$/, '')}/`,
    oauthUrl: env.GOOGLE_OAUTH_URL?.replace(/\/+$/, ''),
    timeoutMs: env.GOOGLE_TIMEOUT_MS,
  };
}

/**
 * Makes `stop` the process's only answer to Ctrl-C and SIGTERM. embedded-postgres registers an exit hook
 * (async-exit-hook) that stops PostgreSQL and exits with 143 on its own schedule: racing our shutdown, it could end
 * the process before the app had closed (requests cut, jobs not released). Our `stop` stops the embedded server itself.
 */
export function onShutdownSignal(stop: (signal: NodeJS.Signals) => void): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => stop(signal));
  }
}
