import { maskPhoneNumbers, redactLogObject } from './log-redaction';

describe('maskPhoneNumbers', () => {
  it.each([
    ['+33612345678', '+336••••••78'],
    ['33612345678', '336••••••78'],
    ['0612345678', '06••••••78'],
    ['+14155552671', '+141••••••71'],
    ['12345678', '••••••78'],
    ['06 12 34 56 78', '06••••••78'],
    ['+33 6 12 34 56 78', '+336••••••78'],
    ['wa_id=33612345678, to +33612345678.', 'wa_id=336••••••78, to +336••••••78.'],
    ['/api/clinics/x/patients/+33612345678', '/api/clinics/x/patients/+336••••••78'],
  ])('masks %s', (text, masked) => {
    expect(maskPhoneNumbers(text)).toBe(masked);
  });

  it.each([
    '12345678-1234-4abc-8def-123456789012', // a UUID whose groups are all digits
    '2026-12-07T09:00:00.000Z',
    '1733572800', // epoch seconds
    '1733572800123', // epoch milliseconds
    '192.168.100.200',
    '1234567', // too short
    '1234567890123456', // too long
    '12345678.5',
    'a1b2c3d4e5f6a7b8c9d0123456789abcdef', // hex
    'wamid.HBgLMzM2MTIzNDU2Nzg',
    'job 3 of 12, attempt 2',
    'v1:key1:abcd',
  ])('leaves %s alone', (text) => {
    expect(maskPhoneNumbers(text)).toBe(text);
  });
});

describe('redactLogObject', () => {
  it('masks strings at any depth, redacts secrets by key name, keeps numbers, and never changes the original', () => {
    const original = {
      to: '33612345678',
      count: 33612345678,
      nested: { list: ['+33612345678', { client_secret: 'shh', webhookSecret: 'shh', verify_token: 'shh', code_verifier: 'shh' }], when: new Date('2026-12-07T09:00:00Z') },
      password: 'hunter2',
      app_secret: 'shh',
    };
    const copy = JSON.parse(JSON.stringify(original)) as unknown;
    expect(redactLogObject(original)).toEqual({
      to: '336••••••78',
      count: 33612345678,
      nested: { list: ['+336••••••78', { client_secret: '[redacted]', webhookSecret: '[redacted]', verify_token: '[redacted]', code_verifier: '[redacted]' }], when: '2026-12-07T09:00:00.000Z' },
      password: '[redacted]',
      app_secret: '[redacted]',
    });
    expect(JSON.parse(JSON.stringify(original))).toEqual(copy);
  });

  it('writes what JSON would (toJSON), survives cycles and leaves kept keys to their serializer', () => {
    const cyclic: Record<string, unknown> = { phone: '+33612345678' };
    cyclic.self = cyclic;
    const config = { secretValue: 'x', toJSON: () => ({ port: 3000 }) };
    const error = new Error('for +33612345678');
    expect(redactLogObject({ cyclic, config, err: error }, new Set(['err']))).toEqual({ cyclic: { phone: '+336••••••78', self: '[Circular]' }, config: { port: 3000 }, err: error });
  });
});
