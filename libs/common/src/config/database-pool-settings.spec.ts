import { randomBytes } from 'node:crypto';
import { loadEnvironment } from './load-environment';
import { prepareRuntime } from './runtime';

const direct = 'postgresql://sophie:pw@db.internal:5432/sophie_registry';
const pooled = 'postgresql://sophie:pw@pgbouncer.internal:6432/sophie_registry';
const secrets = { JWT_SECRET: 'x'.repeat(40), SECRETS_KEY: randomBytes(32).toString('base64') };

describe('DATABASE_POOL_URL and DATABASE_PREPARED_STATEMENTS', () => {
  it('routes the registry pool through DATABASE_POOL_URL and keeps DATABASE_URL as the direct URL', async () => {
    const { config } = await prepareRuntime({ ...secrets, DATABASE_URL: direct, DATABASE_POOL_URL: pooled });
    expect(config.registryUrl).toBe(direct);
    expect(config.registryPoolUrl).toBe(pooled);
  });

  it('uses DATABASE_URL for everything when no pooler is given', async () => {
    const { config } = await prepareRuntime({ ...secrets, DATABASE_URL: direct });
    expect(config.registryPoolUrl).toBe(direct);
    expect(config.preparedStatements).toBe(true);
  });

  it('refuses a pooled URL without the direct one, or one that is not a postgres:// URL', () => {
    expect(() => loadEnvironment({ DATABASE_POOL_URL: pooled })).toThrow(/DATABASE_POOL_URL needs DATABASE_URL/);
    expect(() => loadEnvironment({ ...secrets, DATABASE_URL: direct, DATABASE_POOL_URL: 'mysql://x' })).toThrow(/DATABASE_POOL_URL must be a postgres:\/\/ URL/);
  });

  it('turns named prepared statements off with "false", and refuses anything but a boolean', () => {
    expect(loadEnvironment({ DATABASE_PREPARED_STATEMENTS: 'false' }).DATABASE_PREPARED_STATEMENTS).toBe(false);
    expect(loadEnvironment({}).DATABASE_PREPARED_STATEMENTS).toBe(true);
    expect(() => loadEnvironment({ DATABASE_PREPARED_STATEMENTS: 'sometimes' })).toThrow(/DATABASE_PREPARED_STATEMENTS must be true or false/);
  });
});
