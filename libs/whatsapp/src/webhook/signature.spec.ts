import { createHmac } from 'node:crypto';
import { isValidSignature, sameSecret, signatureOf } from './signature';

describe('webhook signature', () => {
  const secret = 'app-secret-0123456789';
  const body = Buffer.from('{"object":"whatsapp_business_account","entry":[{"text":"Café ☕"}]}');
  const header = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

  it('accepts sha256= and the hex HMAC-SHA256 of the raw bytes keyed by the app secret', () => {
    expect(isValidSignature(header, body, secret)).toBe(true);
    expect(signatureOf(body, secret)).toBe(header);
  });

  it('accepts the hex digest in upper case too', () => {
    expect(isValidSignature(`sha256=${header.slice(7).toUpperCase()}`, body, secret)).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['several headers', [header, header]],
    ['another algorithm', header.replace('sha256=', 'sha1=')],
    ['a truncated digest', header.slice(0, -2)],
    ['a digest with non-hex characters', `${header.slice(0, -1)}z`],
    ['an empty value', ''],
  ])('refuses %s', (_name, value) => {
    expect(isValidSignature(value, body, secret)).toBe(false);
  });

  it('refuses another secret, a body changed by one byte, and a missing body', () => {
    expect(isValidSignature(header, body, 'another-secret')).toBe(false);
    const altered = Buffer.from(body);
    altered[altered.length - 3] ^= 1;
    expect(isValidSignature(header, altered, secret)).toBe(false);
    expect(isValidSignature(header, undefined, secret)).toBe(false);
  });

  it('compares verify tokens of any length in constant time, refusing non-strings', () => {
    expect(sameSecret('verify-me', 'verify-me')).toBe(true);
    expect(sameSecret('verify-m', 'verify-me')).toBe(false);
    expect(sameSecret(['verify-me'], 'verify-me')).toBe(false);
    expect(sameSecret(undefined, 'verify-me')).toBe(false);
  });
});
