import { randomBytes } from 'node:crypto';
import { ConfigError } from './config-error';
import { loadEnvironment } from './load-environment';

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

  it('accepts a complete server configuration', () => {
    const env = loadEnvironment({ DATABASE_URL: 'postgresql://sophie:pw@db:5432/sophie_registry', ...secrets });
    expect(env.DATABASE_URL).toContain('sophie_registry');
  });
});
