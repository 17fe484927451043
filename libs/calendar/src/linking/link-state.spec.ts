import { randomBytes } from 'node:crypto';
import { LinkStateClaims, newNonce, nonceHash, signLinkState, verifyLinkState } from './link-state';

const key = randomBytes(32);
const claims: LinkStateClaims = {
  clinicId: '0b7f3c52-3f34-4c2b-9a43-54b1bbf3c2a1',
  practitionerId: '4a1d1f0e-6a4e-4e0b-8f6c-2f8f6a0f3a55',
  userId: '9e0c5c1a-5b62-4f0e-bb3f-1b1c9d0b7e21',
  nonce: newNonce(),
  expiresAt: 2_000_000_000,
};

describe('OAuth link state', () => {
  it('reads back the clinic, practitioner, admin and nonce it was signed with', () => {
    expect(verifyLinkState(signLinkState(claims, key), key, 1_900_000_000)).toEqual({ ok: true, claims });
  });

  it('refuses a state whose claims were altered, even with the original signature', () => {
    const [, signature] = signLinkState(claims, key).split('.');
    const forged = Buffer.from(JSON.stringify({ c: claims.clinicId, p: claims.practitionerId, u: claims.userId, n: claims.nonce, e: 2_100_000_000 })).toString('base64url');
    expect(verifyLinkState(`${forged}.${signature}`, key, 1_900_000_000)).toEqual({ ok: false, reason: 'tampered' });
  });

  it('refuses a state signed by another installation', () => {
    expect(verifyLinkState(signLinkState(claims, randomBytes(32)), key, 1_900_000_000)).toEqual({ ok: false, reason: 'tampered' });
  });

  it('accepts a state signed with any of the keys given (a previous key during a rotation), and no other', () => {
    const previous = randomBytes(32);
    expect(verifyLinkState(signLinkState(claims, previous), [key, previous], 1_900_000_000)).toEqual({ ok: true, claims });
    expect(verifyLinkState(signLinkState(claims, key), [key, previous], 1_900_000_000)).toEqual({ ok: true, claims });
    expect(verifyLinkState(signLinkState(claims, previous), [key], 1_900_000_000)).toEqual({ ok: false, reason: 'tampered' });
  });

  it('refuses an expired state and garbage', () => {
    expect(verifyLinkState(signLinkState(claims, key), key, 2_000_000_000)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyLinkState('not-a-state', key, 0)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyLinkState('a.', key, 0)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('makes a different nonce every time and stores only its hash', () => {
    const a = newNonce();
    expect(a).not.toBe(newNonce());
    expect(nonceHash(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(nonceHash(a)).not.toContain(a);
  });
});
