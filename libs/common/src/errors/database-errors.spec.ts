import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-errors';

function pgError(code: string, message = 'error'): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a dropped database', pgError('3D000')],
    ['an administrator shutdown', pgError('57P01')],
    ['a refused connection', pgError('ECONNREFUSED')],
    ['a connection exception class', pgError('08006')],
    ['a pool connect timeout', new Error('timeout exceeded when trying to connect')],
    ['a query on a broken connection', new QueryFailedError('SELECT 1', [], pgError('57P01'))],
  ])('recognises %s', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', pgError('23505')],
    ['a syntax error', new QueryFailedError('SELEC', [], pgError('42601'))],
    ['a plain error', new Error('boom')],
    ['not an error', 'text'],
  ])('does not mistake %s for an outage', (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
