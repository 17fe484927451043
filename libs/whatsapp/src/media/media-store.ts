import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@sophie/common';
import type { MessageEntity } from '@sophie/conversations';
import { MessagesService } from '@sophie/conversations';
import { TenantConnectionProvider } from '@sophie/tenancy';
import { WhatsAppCloudClient, WhatsAppMediaTooLarge, WhatsAppMediaUrlRefused, type WhatsAppCredentials } from '../client';

/** Meta's own limits per media type (Cloud API "supported media types"); larger files are refused unfetched. */
export const MEDIA_LIMITS: Readonly<Record<string, number>> = {
  image: 5 * 1024 * 1024,
  document: 100 * 1024 * 1024,
  audio: 16 * 1024 * 1024,
  video: 16 * 1024 * 1024,
  sticker: 500 * 1024,
};

/** File extension by MIME type; anything else is kept as `.bin` (never a name the sender chose). */
const EXTENSIONS: Readonly<Record<string, string>> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'application/pdf': '.pdf',
  'audio/ogg': '.ogg',
  'audio/mpeg': '.mp3',
  'audio/aac': '.aac',
  'audio/mp4': '.m4a',
  'video/mp4': '.mp4',
  'video/3gpp': '.3gp',
  'text/plain': '.txt',
};

export type MediaOutcome = 'stored' | 'rejected' | 'failed';

/**
 * Files patients send: fetched from Meta with the clinic's token, checked (size per type, SHA-256) and kept under
 * `<DATA_DIR>/uploads/{media-type}/{clinicId}/` with generated names. Only the relative path is stored.
 */
@Injectable()
export class MediaStore {
  private readonly root: string;

  constructor(
    config: AppConfig,
    private readonly client: WhatsAppCloudClient,
    private readonly messages: MessagesService,
    private readonly tenant: TenantConnectionProvider,
  ) {
    this.root = path.resolve(config.uploadsDir);
  }

  /**
   * Fetches and keeps the media of an inbound message. Too large or not matching its checksum: `rejected` (kept
   * out, logged). Meta errors other than transient ones: `failed`. Transient errors are thrown (the job retries).
   */
  async fetch(message: MessageEntity, credentials: WhatsAppCredentials): Promise<{ outcome: MediaOutcome; reason?: string }> {
    const limit = MEDIA_LIMITS[message.type] ?? MEDIA_LIMITS.document;
    const info = await this.client.mediaInfo(credentials, message.mediaId as string);
    if (info.fileSize > limit) return this.reject(message, 'too_large');
    let bytes: Buffer;
    try {
      bytes = await this.client.downloadMedia(credentials, info.url, limit);
    } catch (error) {
      if (error instanceof WhatsAppMediaTooLarge) return this.reject(message, 'too_large');
      if (error instanceof WhatsAppMediaUrlRefused) return this.reject(message, 'url_refused');
      throw error;
    }
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const expected = [info.sha256, message.mediaSha256].filter((s): s is string => typeof s === 'string' && /^[0-9a-f]{64}$/i.test(s));
    if (expected.some((s) => s.toLowerCase() !== sha256)) return this.reject(message, 'checksum_mismatch');
    const mimeType = (info.mimeType.split(';')[0] ?? '').trim().toLowerCase();
    const relative = path.posix.join(safeSegment(message.type), this.tenant.clinicId, `${randomUUID()}${EXTENSIONS[mimeType] ?? '.bin'}`);
    const absolute = this.resolve(relative);
    await mkdir(path.dirname(absolute), { recursive: true, mode: 0o700 });
    await writeFile(absolute, bytes, { flag: 'wx', mode: 0o600 });
    await this.messages.updateMedia(message.id, { mediaStatus: 'stored', mediaPath: relative, mediaSize: bytes.length, mediaMimeType: mimeType, mediaSha256: sha256 });
    return { outcome: 'stored' };
  }

  /** Marks a message's media as failed for good (Meta refused it). */
  async fail(message: MessageEntity): Promise<void> {
    await this.messages.updateMedia(message.id, { mediaStatus: 'failed' });
  }

  /** A stored file to stream to staff; null when the path is not a stored file of this clinic. */
  open(message: MessageEntity): ReadStream | null {
    if (message.mediaStatus !== 'stored' || !message.mediaPath) return null;
    if (message.mediaPath.split('/')[1] !== this.tenant.clinicId) return null;
    return createReadStream(this.resolve(message.mediaPath));
  }

  /** Deletes stored files (GDPR erasure); missing files are fine. */
  async remove(relativePaths: readonly string[]): Promise<void> {
    for (const relative of relativePaths) await rm(this.resolve(relative), { force: true });
  }

  private async reject(message: MessageEntity, reason: string): Promise<{ outcome: MediaOutcome; reason: string }> {
    await this.messages.updateMedia(message.id, { mediaStatus: 'rejected' });
    return { outcome: 'rejected', reason };
  }

  /** The absolute path of a stored relative path, which must stay inside the uploads folder. */
  private resolve(relative: string): string {
    const absolute = path.resolve(this.root, relative);
    if (!absolute.startsWith(this.root + path.sep)) throw new Error('Media path outside the uploads folder');
    return absolute;
  }
}

function safeSegment(type: string): string {
  return /^[a-z]{1,20}$/.test(type) ? type : 'other';
}
