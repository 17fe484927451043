import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { Transform, Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import type { SecretBox } from '@sophie/common';
import { BackupErrorCode, backupError } from './backup-error-code';

const MAGIC = Buffer.from('SOPHIE-SEALED-1\n');
const TAG_BYTES = 16;

/**
 * What lies before the ciphertext: a fresh data key sealed by the secrets key (so key rotation applies), the IV,
 * and what the file holds (`registry`, `clinic:<id>`), authenticated with the rest: a dump cannot pass for
 * another clinic's.
 */
interface SealedHeader {
  key: string;
  iv: string;
  subject: string;
}

export interface SealedFileFacts {
  bytes: number;
  sha256: string;
}

/**
 * Writes what `produce` streams into `file`, encrypted (AES-256-GCM) under a random data key that is itself
 * sealed by the secrets key. A stolen backup folder without the configuration reveals nothing; a changed
 * byte is refused on reading. The file is created owner-only (0600).
 */
export async function writeSealedFile(secrets: SecretBox, file: string, subject: string, produce: (sink: Writable) => Promise<void>): Promise<SealedFileFacts> {
  const dataKey = randomBytes(32);
  const iv = randomBytes(12);
  const header = Buffer.from(JSON.stringify({ key: secrets.encrypt(dataKey.toString('base64')), iv: iv.toString('base64url'), subject } satisfies SealedHeader));
  const prefix = Buffer.concat([MAGIC, uint32(header.length), header]);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  cipher.setAAD(prefix);

  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  const out = createWriteStream(file, { mode: 0o600 });
  const written = pipeline(tap, out);
  tap.write(prefix);
  cipher.pipe(tap, { end: false });
  try {
    await produce(cipher);
    cipher.end();
    await finished(cipher);
    tap.end(cipher.getAuthTag());
    await written;
  } catch (error) {
    cipher.destroy();
    tap.destroy();
    await written.catch(() => undefined);
    await rm(file, { force: true });
    throw error;
  }
  return { bytes, sha256: hash.digest('hex') };
}

/**
 * Decrypts a sealed file into `into` (created 0600), refusing a file whose bytes were changed, or that holds
 * something other than `subject` when one is expected.
 */
export async function openSealedFile(secrets: SecretBox, file: string, into: string, subject?: string): Promise<void> {
  const { prefix, header, size } = await readHeader(file);
  if (subject !== undefined && header.subject !== subject) {
    throw backupError(BackupErrorCode.FileCorrupt, `${file} holds ${header.subject}, not ${subject}`);
  }
  let dataKey: Buffer;
  try {
    dataKey = Buffer.from(secrets.decrypt(header.key), 'base64');
  } catch {
    throw backupError(BackupErrorCode.FileCorrupt, `${file} is sealed with a key this installation does not hold (SECRETS_KEY or a previous key)`);
  }
  const tag = Buffer.alloc(TAG_BYTES);
  const handle = await open(file, 'r');
  try {
    await handle.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
  } finally {
    await handle.close();
  }
  const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(header.iv, 'base64url'));
  decipher.setAAD(prefix);
  decipher.setAuthTag(tag);
  try {
    await pipeline(createReadStream(file, { start: prefix.length, end: size - TAG_BYTES - 1 }), decipher, createWriteStream(into, { mode: 0o600 }));
  } catch {
    await rm(into, { force: true });
    throw backupError(BackupErrorCode.FileCorrupt, `${file} is damaged or was altered: its authentication failed`);
  }
}

/** The SHA-256 of a whole file, to compare with a manifest. */
export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

async function readHeader(file: string): Promise<{ prefix: Buffer; header: SealedHeader; size: number }> {
  const { size } = await stat(file);
  const handle = await open(file, 'r');
  try {
    const start = Buffer.alloc(MAGIC.length + 4);
    await handle.read(start, 0, start.length, 0);
    if (!start.subarray(0, MAGIC.length).equals(MAGIC)) throw backupError(BackupErrorCode.FileCorrupt, `${file} is not a Sophie sealed file`);
    const length = start.readUInt32BE(MAGIC.length);
    if (length > 4096 || start.length + length + TAG_BYTES > size) throw backupError(BackupErrorCode.FileCorrupt, `${file} has a damaged header`);
    const header = Buffer.alloc(length);
    await handle.read(header, 0, length, start.length);
    const parsed = JSON.parse(header.toString('utf8')) as Partial<SealedHeader>;
    if (typeof parsed.key !== 'string' || typeof parsed.iv !== 'string' || typeof parsed.subject !== 'string') {
      throw backupError(BackupErrorCode.FileCorrupt, `${file} has a damaged header`);
    }
    return { prefix: Buffer.concat([start, header]), header: { key: parsed.key, iv: parsed.iv, subject: parsed.subject }, size };
  } catch (error) {
    if (error instanceof SyntaxError) throw backupError(BackupErrorCode.FileCorrupt, `${file} has a damaged header`);
    throw error;
  } finally {
    await handle.close();
  }
}

function uint32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value);
  return buffer;
}
