import { randomBytes } from 'node:crypto';
import { keyId, SecretBox } from './secret-box';

describe(SecretBox.name, () => {
  const key = randomBytes(32);

  it('returns the original text after a round trip', () => {
    const box = new SecretBox(key);
    expect(box.decrypt(box.encrypt('EAAG-token-value'))).toBe('EAAG-token-value');
  });

  it('never stores the plaintext and never repeats a ciphertext', () => {
    const box = new SecretBox(key);
    const a = box.encrypt('same secret');
    const b = box.encrypt('same secret');
    expect(a).not.toContain('same secret');
    expect(a).not.toBe(b);
  });

  it('refuses a value whose ciphertext was altered', () => {
    const box = new SecretBox(key);
    const sealed = box.encrypt('refresh-token');
    const parts = sealed.split(':');
    const body = Buffer.from(parts[4], 'base64url');
    body[0] ^= 1;
    parts[4] = body.toString('base64url');
    expect(() => box.decrypt(parts.join(':'))).toThrow();
  });

  it('reads values sealed with a previous key after rotation', () => {
    const oldKey = randomBytes(32);
    const sealed = new SecretBox(oldKey).encrypt('db-password');
    const rotated = new SecretBox(key, [oldKey]);
    expect(rotated.decrypt(sealed)).toBe('db-password');
    expect(rotated.encrypt('x').split(':')[1]).not.toBe(sealed.split(':')[1]);
  });

  it('names the key of a sealed value without reading it, and lists its keys current first', () => {
    const old = randomBytes(32);
    const box = new SecretBox(key, [old]);
    expect(box.currentId).toBe(keyId(key));
    expect(box.keyIds()).toEqual([keyId(key), keyId(old)]);
    expect(SecretBox.keyIdOf(box.encrypt('x'))).toBe(keyId(key));
    expect(SecretBox.keyIdOf(new SecretBox(old).encrypt('x'))).toBe(keyId(old));
    expect(SecretBox.keyIdOf('a-plaintext-password')).toBeNull();
    expect(SecretBox.keyIdOf('v1:not-an-id:a:b:c')).toBeNull();
  });

  it('refuses a value sealed with an unknown key', () => {
    const sealed = new SecretBox(randomBytes(32)).encrypt('secret');
    expect(() => new SecretBox(key).decrypt(sealed)).toThrow(/No key/);
  });
});
