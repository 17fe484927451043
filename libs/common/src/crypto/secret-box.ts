import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

const VERSION = 'v1';
const IV_BYTES = 12;

/** A short, non-secret fingerprint of a key, stored with each value so keys can rotate. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/**
 * Encrypts secrets at rest (database passwords, Meta tokens, Google refresh tokens) with AES-256-GCM.
 * Format: `v1:<key id>:<iv>:<auth tag>:<ciphertext>` (base64url parts).
 */
export class SecretBox {
  private readonly keys = new Map<string, Buffer>();
  /** The id of the key every value is sealed with (the first one given). */
  readonly currentId: string;

  constructor(current: Buffer, previous: Buffer[] = []) {
    if (current.length !== 32) throw new Error('The secrets key must be 32 bytes');
    this.currentId = keyId(current);
    this.keys.set(this.currentId, current);
    for (const key of previous) this.keys.set(keyId(key), key);
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentId) as Buffer, iv);
    cipher.setAAD(Buffer.from(`${VERSION}:${this.currentId}`));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, this.currentId, iv.toString('base64url'), tag.toString('base64url'), body.toString('base64url')].join(':');
  }

  decrypt(sealed: string): string {
    const [version, kid, iv, tag, body] = sealed.split(':');
    if (version !== VERSION || !kid || iv === undefined || tag === undefined || body === undefined) {
      throw new Error('Not an encrypted secret');
    }
    const key = this.keys.get(kid);
    if (!key) throw new Error(`No key ${kid} to decrypt this secret`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(`${VERSION}:${kid}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** The ids of the keys this box can read, the current one first. */
  keyIds(): string[] {
    return [...this.keys.keys()];
  }

  /** The id of the key a sealed value names, or null when it is not one of our sealed values. Reads no secret. */
  static keyIdOf(sealed: string): string | null {
    const parts = sealed.split(':');
    return parts.length === 5 && parts[0] === VERSION && /^[0-9a-f]{8}$/.test(parts[1]) ? parts[1] : null;
  }

  /** The last characters of a secret, for showing that it is set without showing it. */
  static hint(plaintext: string, visible = 4): string {
    return plaintext.length <= visible ? '*'.repeat(plaintext.length) : plaintext.slice(-visible);
  }
}

/** The process-wide SecretBox: seals with SECRETS_KEY, reads what SECRETS_KEYS_PREVIOUS sealed too (during a rotation). */
@Injectable()
export class SecretsService extends SecretBox {
  constructor(config: AppConfig) {
    super(config.secretsKey, [...config.previousSecretsKeys]);
  }
}
