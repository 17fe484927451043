import { QueryFailedError } from 'typeorm';
import { safeErrorForLog } from './safe-error';

describe('safeErrorForLog', () => {
  it('keeps the SQLSTATE and constraint of a database error but not the data it quotes', () => {
    const driverError = Object.assign(new Error('new row violates check constraint'), {
      code: '23514',
      table: 'patients',
      constraint: 'patients_phone_check',
      detail: 'Failing row contains (Marie, Dupont, +33612345678).',
    });
    const logged = JSON.stringify(safeErrorForLog(new QueryFailedError('INSERT INTO patients VALUES ($1, $2)', ['Marie', '+33612345678'], driverError)));
    expect(logged).toContain('23514');
    expect(logged).toContain('patients_phone_check');
    expect(logged).not.toContain('Marie');
    expect(logged).not.toContain('+33612345678');
  });

  it('keeps the message and stack of other errors', () => {
    expect(safeErrorForLog(new TypeError('x is undefined'))).toMatchObject({ type: 'TypeError', message: 'x is undefined' });
  });
});
