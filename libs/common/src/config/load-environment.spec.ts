import { randomBytes } from 'node:crypto';
import { ConfigError } from './config-error';
import { SecretBox, SecretsService } from '../crypto/secret-box';
import { loadEnvironment, previousSecretsKeys } from './load-environment';
import { prepareRuntime } from './runtime';

function thrownBy(work: () => unknown): Error | undefined {
  try {
    work();
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

const secrets = { JWT_SECRET: 'x'.repeat(40), SECRETS_KEY: randomBytes(32).toString('base64') };

describe('loadEnvironment', () => {
  it('fills in defaults for an empty environment (embedded mode)', () => {
    const env = loadEnvironment({});
    expect(env).toMatchObject({ PORT: 3000, DATA_DIR: './.data', JWT_EXPIRES_IN: '1h', SUPERADMIN_USERNAME: 'superadmin' });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('takes the Google settings all together or not at all, and names what is missing', () => {
    const google = { GOOGLE_CLIENT_ID: 'id.apps.googleusercontent.com', GOOGLE_CLIENT_SECRET: 's3cret', GOOGLE_REDIRECT_URI: 'https://sophie.example/oauth/callback' };
    expect(loadEnvironment(google)).toMatchObject({ ...google, GOOGLE_API_URL: 'https://www.googleapis.com' });
    expect(loadEnvironment({}).GOOGLE_CLIENT_ID).toBeUndefined();
    expect(() => loadEnvironment({ GOOGLE_CLIENT_ID: google.GOOGLE_CLIENT_ID })).toThrow(/GOOGLE_CLIENT_SECRET, GOOGLE_REDIRECT_URI are required/);
    expect(() => loadEnvironment({ ...google, GOOGLE_REDIRECT_URI: 'not a url' })).toThrow(ConfigError);
    expect(() => loadEnvironment({ ADMIN_URL: 'javascript:alert(1)' })).toThrow(/ADMIN_URL/);
  });

  it('reads booleans as written: "false" is false', () => {
    expect(loadEnvironment({ QUEUE_WORKERS: 'false' }).QUEUE_WORKERS).toBe(false);
    expect(loadEnvironment({ QUEUE_WORKERS: 'FALSE' }).QUEUE_WORKERS).toBe(false);
    expect(loadEnvironment({ QUEUE_WORKERS: '0' }).QUEUE_WORKERS).toBe(false);
    expect(loadEnvironment({ QUEUE_WORKERS: 'true' }).QUEUE_WORKERS).toBe(true);
    expect(loadEnvironment({}).QUEUE_WORKERS).toBe(true);
    expect(() => loadEnvironment({ QUEUE_WORKERS: 'maybe' })).toThrow(/QUEUE_WORKERS must be true or false/);
  });

  it('converts numbers and treats empty values as unset', () => {
    expect(loadEnvironment({ PORT: '8080', DATABASE_URL: '' }).PORT).toBe(8080);
  });

  it.each([
    [{ PORT: 'abc' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ JWT_EXPIRES_IN: 'forever' }, /JWT_EXPIRES_IN/],
    [{ SECRETS_KEY: randomBytes(16).toString('base64') }, /SECRETS_KEY must be 32 bytes/],
    [{ JWT_SECRET: 'short' }, /JWT_SECRET/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ DATABASE_URL: 'postgres://u:p@h/db' }, /JWT_SECRET is required when DATABASE_URL is set/],
    [{ DB_PREFIX: 'Bad-Prefix' }, /DB_PREFIX/],
  ])('stops on %o with one line naming the setting', (env, message) => {
    expect(() => loadEnvironment(env)).toThrow(ConfigError);
    expect(() => loadEnvironment(env)).toThrow(message);
  });

  describe('SECRETS_KEYS_PREVIOUS', () => {
    const server = { DATABASE_URL: 'postgresql://sophie:pw@db:5432/sophie_registry', ...secrets };
    const [a, b] = [randomBytes(32), randomBytes(32)];

    it('reads comma-separated base64 keys, blanks around commas ignored, into the configuration', async () => {
      const { config } = await prepareRuntime({ ...server, SECRETS_KEYS_PREVIOUS: ` ${a.toString('base64')} ,${b.toString('base64')},` });
      expect(config.previousSecretsKeys).toEqual([a, b]);
      expect(config.secretsKey).toEqual(Buffer.from(secrets.SECRETS_KEY, 'base64'));
      expect((await prepareRuntime(server)).config.previousSecretsKeys).toEqual([]);
    });

    it('gives the process SecretBox the previous keys to read with, and only the current key to seal with', async () => {
      const { config } = await prepareRuntime({ ...server, SECRETS_KEYS_PREVIOUS: a.toString('base64') });
      const service = new SecretsService(config);
      const old = new SecretBox(a).encrypt('clinic-role-password');
      expect(service.decrypt(old)).toBe('clinic-role-password');
      expect(SecretBox.keyIdOf(service.encrypt('x'))).toBe(new SecretBox(config.secretsKey).currentId);
      expect(service.keyIds()).toEqual([new SecretBox(config.secretsKey).currentId, new SecretBox(a).currentId]);
    });

    it.each([
      ['a key that is not base64', `${a.toString('base64')},not*base64`, /SECRETS_KEYS_PREVIOUS must be comma-separated keys of 32 bytes encoded in base64 \(key 2 is not\)/],
      ['a key of 16 bytes', randomBytes(16).toString('base64'), /SECRETS_KEYS_PREVIOUS .*\(key 1 is not\)/],
      ['the current key itself', secrets.SECRETS_KEY, /SECRETS_KEYS_PREVIOUS must not contain SECRETS_KEY/],
    ])('stops on %s with one line naming the setting, never the value', (_what, value, message) => {
      const failure = thrownBy(() => loadEnvironment({ ...server, SECRETS_KEYS_PREVIOUS: value }));
      expect(failure).toBeInstanceOf(ConfigError);
      expect(failure?.message).toMatch(message);
      expect(failure?.message).not.toContain(value.split(',').pop());
      expect(failure?.message.split('\n')).toHaveLength(1);
    });

    it('has no keys when unset or blank', () => {
      expect(previousSecretsKeys(undefined)).toEqual([]);
      expect(previousSecretsKeys(' , ')).toEqual([]);
    });
  });

  it('accepts a complete server configuration', () => {
    const env = loadEnvironment({ DATABASE_URL: 'postgresql://sophie:pw@db:5432/sophie_registry', ...secrets });
    expect(env.DATABASE_URL).toContain('sophie_registry');
  });
});
