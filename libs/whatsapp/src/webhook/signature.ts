import { createHmac, timingSafeEqual } from 'node:crypto';

const PREFIX = 'sha256=';

/**
 * Meta's webhook signature: `X-Hub-Signature-256` = `sha256=` + hex HMAC-SHA256 of the raw request bytes, keyed by
 * the app secret. Compared in constant time; anything malformed is simply not valid.
 */
export function isValidSignature(header: string | string[] | undefined, rawBody: Buffer | undefined, appSecret: string): boolean {
  if (typeof header !== 'string' || rawBody === undefined || !header.startsWith(PREFIX)) return false;
  const given = header.slice(PREFIX.length);
  if (!/^[0-9a-fA-F]{64}$/.test(given)) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

/** The header Meta would send for `rawBody` (tests, the fake and the simulator sign with it). */
export function signatureOf(rawBody: Buffer | string, appSecret: string): string {
  return PREFIX + createHmac('sha256', appSecret).update(rawBody).digest('hex');
}

/** Constant-time comparison of two strings (the verify token). */
export function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = createHmac('sha256', 'compare').update(given).digest();
  const b = createHmac('sha256', 'compare').update(expected).digest();
  return timingSafeEqual(a, b);
}
