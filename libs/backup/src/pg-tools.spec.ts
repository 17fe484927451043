import { toolMessage } from './pg-tools';

describe('toolMessage', () => {
  it('keeps the tool\'s own error lines and drops the lines PostgreSQL fills with rows', () => {
    const stderr = [
      'pg_restore: error: could not execute query: ERROR:  duplicate key value violates unique constraint "patients_pkey"',
      'DETAIL:  Key (id)=(3f0c) already exists.',
      'CONTEXT:  COPY patients, line 2: "3f0c	Marie	Dupont	+33612345678"',
      'Command was: COPY public.patients (id, first_name) FROM stdin;',
      'pg_restore: error: invalid input syntax for type uuid: "Marie Dupont"',
      'pg_restore: detail: Key (phone)=(+33612345678) already exists.',
    ].join('\n');
    const message = toolMessage(stderr);
    expect(message).toContain('duplicate key value violates unique constraint');
    expect(message).toContain('invalid input syntax for type uuid');
    expect(message).not.toMatch(/Marie|Dupont|33612345678|3f0c/);
  });
});
