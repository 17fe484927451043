import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, DomainError } from '@sophie/common';
import { answerError, asNumber, asString, isRecord, networkError, parseJson, unexpectedAnswer } from './graph-response';
import { MediaUrlGuard, readAtMost } from './media-download';
import { GraphPayload, messagePayload, readReceiptPayload } from './message-payload';
import type { CallOptions, MediaInfo, OutboundContent, SendOptions, WhatsAppCredentials } from './outbound-content';
import { validateContent } from './validate-content';
import { WhatsAppApiError, WhatsAppOperation } from './whatsapp-api-error';
import { WhatsAppMediaTooLarge } from './whatsapp-errors';

/** Timeout of a Graph API call when the configuration gives none (WHATSAPP_TIMEOUT_MS). */
export const WHATSAPP_TIMEOUT_MS = 10_000;
/** Default timeout of a whole media download (files reach 100 MB). */
export const WHATSAPP_DOWNLOAD_TIMEOUT_MS = 60_000;
/** Redirects a media download follows at most, each checked by the URL guard. */
const MAX_REDIRECTS = 3;

/** A path segment we put into a Graph URL: no slashes, no dot segments, nothing to encode. */
const SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9._-]{1,128}$/;
/** A bearer token: visible ASCII only (anything else could not go into a header anyway). */
const TOKEN = /^[\x21-\x7e]+$/;

/**
 * Meta's WhatsApp Cloud API, for one clinic's credentials per call. It validates content against
 * Meta's limits before sending, never follows media URLs off Meta's hosts, and turns every failure
 * into a `WhatsAppApiError` whose `kind` says what to do (retry, use a template, renew the token…).
 * Credentials travel in the Authorization header only and appear in no error or log.
 */
@Injectable()
export class WhatsAppCloudClient {
  private readonly logger = new Logger('WhatsAppCloudClient');
  private readonly graphBase: string;
  private readonly mediaUrls: MediaUrlGuard;
  private readonly timeoutMs: number;

  constructor(config: AppConfig) {
    this.graphBase = config.metaGraphUrl.replace(/\/+$/, '');
    this.timeoutMs = config.whatsappTimeoutMs ?? WHATSAPP_TIMEOUT_MS;
    this.mediaUrls = new MediaUrlGuard(this.graphBase);
  }

  /** Sends one message to a WhatsApp user (`to` is their wa_id) and returns Meta's message id (wamid). */
  async send(credentials: WhatsAppCredentials, to: string, message: OutboundContent, options: SendOptions = {}): Promise<{ whatsappMessageId: string }> {
    validateContent(message);
    const url = this.graphUrl('send', credentials, credentials.phoneNumberId, 'messages');
    if (options.trackingId !== undefined && (options.trackingId.length === 0 || options.trackingId.length > 512)) {
      throw new WhatsAppApiError({ operation: 'send', kind: 'parameter', reason: 'tracking id must be 1-512 characters' });
    }
    try {
      const answer = await this.call('send', credentials, 'POST', url, messagePayload(to, message, options.trackingId), options);
      const messages = isRecord(answer.body) ? answer.body.messages : undefined;
      const id = Array.isArray(messages) && isRecord(messages[0]) ? asString(messages[0].id) : undefined;
      if (!id) throw unexpectedAnswer('send', answer.status, 'no message id');
      return { whatsappMessageId: id };
    } catch (error) {
      if (error instanceof WhatsAppApiError && error.kind === 'template' && message.kind === 'template') {
        this.logger.warn(
          { template: message.name, language: message.languageCode, code: error.code, subcode: error.subcode, fbtraceId: error.fbtraceId },
          'WhatsApp template refused',
        );
      }
      throw error;
    }
  }

  /** Marks an incoming message (and the ones before it) as read: the patient sees blue ticks. */
  async markAsRead(credentials: WhatsAppCredentials, whatsappMessageId: string, options: CallOptions = {}): Promise<void> {
    const url = this.graphUrl('markAsRead', credentials, credentials.phoneNumberId, 'messages');
    await this.call('markAsRead', credentials, 'POST', url, readReceiptPayload(whatsappMessageId), options);
  }

  /** Where and what a media object is (the URL lives about five minutes). */
  async mediaInfo(credentials: WhatsAppCredentials, mediaId: string, options: CallOptions = {}): Promise<MediaInfo> {
    const url = this.graphUrl('mediaInfo', credentials, mediaId);
    const answer = await this.call('mediaInfo', credentials, 'GET', url, undefined, options);
    const body = isRecord(answer.body) ? answer.body : {};
    const info = {
      url: asString(body.url),
      mimeType: asString(body.mime_type),
      sha256: asString(body.sha256),
      // Meta sends the size as a string ("303833"); older answers had a number.
      fileSize: asNumber(body.file_size),
    };
    if (info.url === undefined || info.mimeType === undefined || info.sha256 === undefined || info.fileSize === undefined) {
      throw unexpectedAnswer('mediaInfo', answer.status, 'incomplete media description');
    }
    return { url: info.url, mimeType: info.mimeType, sha256: info.sha256, fileSize: info.fileSize };
  }

  /**
   * Downloads a media file from the URL `mediaInfo` gave, with the clinic's token, and stops as
   * soon as it passes `maxBytes` (`WhatsAppMediaTooLarge`). URLs off the Graph API's origin and
   * Meta's media host are refused unfetched (`WhatsAppMediaUrlRefused`), redirects included.
   */
  async downloadMedia(credentials: WhatsAppCredentials, url: string, maxBytes: number, options: CallOptions = {}): Promise<Buffer> {
    let target = this.mediaUrls.check(url);
    this.checkToken('downloadMedia', credentials);
    const timeoutMs = options.timeoutMs ?? WHATSAPP_DOWNLOAD_TIMEOUT_MS;
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      for (let hop = 0; ; hop += 1) {
        const response = await fetch(target, { headers: { Authorization: `Bearer ${credentials.accessToken}` }, redirect: 'manual', signal });
        const location = response.headers.get('location');
        if (response.status >= 300 && response.status < 400 && location) {
          await response.body?.cancel();
          if (hop >= MAX_REDIRECTS) throw unexpectedAnswer('downloadMedia', response.status, 'too many redirects');
          target = this.mediaUrls.check(location, target);
          continue;
        }
        if (!response.ok) throw answerError('downloadMedia', response.status, parseJson(await response.text()), credentials.accessToken);
        const announced = Number(response.headers.get('content-length') ?? NaN);
        if (announced > maxBytes) {
          await response.body?.cancel();
          throw new WhatsAppMediaTooLarge(maxBytes, announced);
        }
        return await readAtMost(response.body, maxBytes);
      }
    } catch (error) {
      if (error instanceof WhatsAppApiError || error instanceof DomainError) throw error;
      throw networkError('downloadMedia', error, timeoutMs);
    }
  }

  /** `{base}/{version}/{...segments}`, refusing segments that could reach another endpoint. */
  private graphUrl(operation: WhatsAppOperation, credentials: WhatsAppCredentials, ...segments: string[]): string {
    for (const [field, value] of [['apiVersion', credentials.apiVersion], ...segments.map((s) => ['path', s])]) {
      if (!SEGMENT.test(value)) throw new WhatsAppApiError({ operation, kind: 'parameter', reason: `invalid ${field} segment` });
    }
    return [this.graphBase, credentials.apiVersion, ...segments].join('/');
  }

  private checkToken(operation: WhatsAppOperation, credentials: WhatsAppCredentials): void {
    if (!TOKEN.test(credentials.accessToken)) throw new WhatsAppApiError({ operation, kind: 'invalid_token', reason: 'access token missing or malformed' });
  }

  /** One JSON call; a non-2xx answer, no answer or a non-JSON answer throws `WhatsAppApiError`. */
  private async call(
    operation: WhatsAppOperation,
    credentials: WhatsAppCredentials,
    method: 'GET' | 'POST',
    url: string,
    payload: GraphPayload | undefined,
    options: CallOptions,
  ): Promise<{ status: number; body: unknown }> {
    this.checkToken(operation, credentials);
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    let status: number;
    let text: string;
    let retryAfter: string | null = null;
    try {
      const response = await fetch(url, {
        method,
        headers: {
          Authorization: `Bearer ${credentials.accessToken}`,
          Accept: 'application/json',
          ...(payload ? { 'Content-Type': 'application/json' } : {}),
        },
        body: payload ? JSON.stringify(payload) : undefined,
        // The Graph API does not redirect; a redirect would carry the token elsewhere.
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await response.text();
    } catch (error) {
      throw networkError(operation, error, timeoutMs);
    }
    const body = parseJson(text);
    if (status < 200 || status >= 300) throw answerError(operation, status, body, credentials.accessToken, retryAfter);
    if (body === undefined) throw unexpectedAnswer(operation, status, 'not JSON');
    return { status, body };
  }
}
