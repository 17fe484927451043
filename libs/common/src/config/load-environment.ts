import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { isBase64, validateSync } from 'class-validator';
import { ConfigError } from './config-error';
import { EnvironmentVariables } from './environment';

/**
 * Reads and validates the environment. Empty values count as unset.
 * Throws a ConfigError whose one-line message names the first bad setting.
 */
export function loadEnvironment(env: NodeJS.ProcessEnv): EnvironmentVariables {
  const known = Object.keys(new EnvironmentVariables()).concat([
    'DATABASE_URL',
    'DATABASE_POOL_URL',
    'JWT_SECRET',
    'SECRETS_KEY',
    'SECRETS_KEYS_PREVIOUS',
    'SUPERADMIN_PASSWORD',
    'GOOGLE_CLIENT_ID',
    'GOOGLE_CLIENT_SECRET',
    'GOOGLE_REDIRECT_URI',
    'GOOGLE_OAUTH_URL',
    'METRICS_TOKEN',
    'BACKUP_DIR',
    'PG_BIN_DIR',
  ]);
  const raw: Record<string, string> = {};
  for (const key of known) {
    const value = env[key];
    if (value !== undefined && value.trim() !== '') raw[key] = value.trim();
  }
  const parsed = plainToInstance(EnvironmentVariables, raw, { enableImplicitConversion: true });
  const errors = validateSync(parsed, { forbidUnknownValues: false });
  if (errors.length > 0) {
    const first = errors[0];
    const constraints = first.constraints ?? {};
    // A wrong type says more than the range checks that follow from it.
    const reason = constraints.isInt ?? Object.values(constraints)[0] ?? 'is invalid';
    throw new ConfigError(`Invalid configuration: ${reason.startsWith(first.property) ? reason : `${first.property} ${reason}`}`);
  }
  if (parsed.SECRETS_KEY !== undefined && Buffer.from(parsed.SECRETS_KEY, 'base64').length !== 32) {
    throw new ConfigError('Invalid configuration: SECRETS_KEY must be 32 bytes encoded in base64');
  }
  const previous = previousSecretsKeys(parsed.SECRETS_KEYS_PREVIOUS);
  if (parsed.SECRETS_KEY !== undefined && previous.some((key) => key.equals(Buffer.from(parsed.SECRETS_KEY as string, 'base64')))) {
    throw new ConfigError('Invalid configuration: SECRETS_KEYS_PREVIOUS must not contain SECRETS_KEY (the current key)');
  }
  if (parsed.DATABASE_URL !== undefined) {
    for (const required of ['JWT_SECRET', 'SECRETS_KEY'] as const) {
      if (parsed[required] === undefined) {
        throw new ConfigError(`Invalid configuration: ${required} is required when DATABASE_URL is set`);
      }
    }
  }
  if (parsed.DATABASE_POOL_URL !== undefined && parsed.DATABASE_URL === undefined) {
    throw new ConfigError('Invalid configuration: DATABASE_POOL_URL needs DATABASE_URL (the direct URL of the same registry)');
  }
  const google = ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET', 'GOOGLE_REDIRECT_URI'] as const;
  const missing = google.filter((key) => parsed[key] === undefined);
  if (missing.length > 0 && missing.length < google.length) {
    throw new ConfigError(`Invalid configuration: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} required when any Google setting is given (all three enable practitioners' Google Calendars)`);
  }
  return parsed;
}

/**
 * The keys of SECRETS_KEYS_PREVIOUS (comma-separated, each 32 bytes in base64; blanks around commas ignored).
 * Throws a ConfigError naming the setting, and which entry is wrong, never its value.
 */
export function previousSecretsKeys(value: string | undefined): Buffer[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry, index) => {
      const key = isBase64(entry) ? Buffer.from(entry, 'base64') : undefined;
      if (key?.length !== 32) {
        throw new ConfigError(`Invalid configuration: SECRETS_KEYS_PREVIOUS must be comma-separated keys of 32 bytes encoded in base64 (key ${index + 1} is not)`);
      }
      return key;
    });
}
