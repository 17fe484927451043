import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/** What an OAuth `state` binds: the clinic, the practitioner, the admin who started the link, and when it ends. */
export interface LinkStateClaims {
  readonly clinicId: string;
  readonly practitionerId: string;
  readonly userId: string;
  /** Random, single-use: its hash is the key of the pending link in the clinic database. */
  readonly nonce: string;
  /** Unix seconds. */
  readonly expiresAt: number;
}

export type LinkStateCheck = { readonly ok: true; readonly claims: LinkStateClaims } | { readonly ok: false; readonly reason: 'malformed' | 'tampered' | 'expired' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The key of link states, derived from the installation's secrets key (never the key itself). */
export function linkStateKey(secretsKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secretsKey, Buffer.alloc(0), 'sophie/calendar-link-state', 32));
}

/** A fresh nonce: 32 random bytes, base64url. */
export function newNonce(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of a nonce (SHA-256 hex): a leak of the table does not give usable states. */
export function nonceHash(nonce: string): string {
  return createHash('sha256').update(nonce).digest('hex');
}

/**
 * `base64url(JSON claims).base64url(HMAC-SHA256)`: unguessable (the nonce), tamper-evident (the MAC), and
 * self-describing, so a callback finds its clinic without trusting anything the browser could change.
 */
export function signLinkState(claims: LinkStateClaims, key: Buffer): string {
  const body = Buffer.from(JSON.stringify({ c: claims.clinicId, p: claims.practitionerId, u: claims.userId, n: claims.nonce, e: claims.expiresAt })).toString('base64url');
  return `${body}.${mac(body, key)}`;
}

/**
 * Checks a state's MAC (in constant time), shape and expiry. Whether it was already used is the caller's check. Several
 * keys: the current one and those of SECRETS_KEYS_PREVIOUS, so states issued before a key rotation still complete.
 */
export function verifyLinkState(state: string, keys: Buffer | readonly Buffer[], nowSeconds: number): LinkStateCheck {
  const parts = state.split('.');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') return { ok: false, reason: 'malformed' };
  const [body, signature] = parts;
  const given = Buffer.from(signature);
  const signedBy = (key: Buffer): boolean => {
    const expected = Buffer.from(mac(body, key));
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  if (!(Buffer.isBuffer(keys) ? [keys] : keys).some(signedBy)) return { ok: false, reason: 'tampered' };
  const claims = parseClaims(body);
  if (!claims) return { ok: false, reason: 'malformed' };
  if (claims.expiresAt <= nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

function parseClaims(body: string): LinkStateClaims | null {
  try {
    const raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Record<string, unknown>;
    const { c, p, u, n, e } = raw;
    if (typeof c !== 'string' || typeof p !== 'string' || typeof u !== 'string' || typeof n !== 'string' || typeof e !== 'number') return null;
    if (!UUID.test(c) || !UUID.test(p) || !UUID.test(u) || !Number.isInteger(e)) return null;
    return { clinicId: c, practitionerId: p, userId: u, nonce: n, expiresAt: e };
  } catch {
    return null;
  }
}

function mac(body: string, key: Buffer): string {
  return createHmac('sha256', key).update(body).digest('base64url');
}
