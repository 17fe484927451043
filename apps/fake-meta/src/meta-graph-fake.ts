import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { closeServer, DelayTimers, listen, parseObject, readBody, waitForEvent, writeJson } from '@sophie/fake-kit';
import { FakeMetaError, INVALID_TOKEN, invalidParameter, metaErrorBody, MISSING_TOKEN } from './meta-graph-errors';
import { FakeSentPage, SentFilter, sentPage, simulatorAnswer } from './simulator-endpoints';

export type { FakeMetaError } from './meta-graph-errors';
export type { FakeMediaUpload, FakeSentEntry, FakeSentPage, SentFilter } from './simulator-endpoints';

/** Which endpoint a request reached. */
export type FakeRoute = 'message' | 'read' | 'media-info' | 'media-download';

/** A request as failure predicates see it. */
export interface FakeRequest {
  route: FakeRoute;
  method: string;
  path: string;
  apiVersion?: string;
  phoneNumberId?: string;
  mediaId?: string;
  /** The bearer token, if any. */
  token?: string;
  /** The parsed JSON body of a POST. */
  body?: Record<string, unknown>;
}

/** A message or read receipt the fake accepted. */
export interface SentRequest {
  /** Position in the fake's history, from 1; never reused, even after `reset()`. */
  seq: number;
  kind: 'message' | 'read';
  apiVersion: string;
  phoneNumberId: string;
  token: string;
  /** The request body, parsed: Meta's shape, as the client sent it. */
  body: Record<string, unknown>;
  /** The wamid the fake answered (messages); the marked message's id (read receipts). */
  wamid: string;
  at: Date;
}

export interface FakeMedia {
  id?: string;
  mimeType: string;
  bytes: Buffer;
  /** Report this hash instead of the bytes' real one (to test a mismatch). */
  sha256Override?: string;
  /** Serve the bytes chunked, without Content-Length (to test a streamed size limit). */
  omitContentLength?: boolean;
  /** Answer the download with a 302 to this URL instead of the bytes (to test redirect handling). */
  redirectTo?: string;
}

interface StoredMedia extends FakeMedia {
  id: string;
  sha256: string;
  opaque: string;
}

const BODY_LIMIT = 5 * 1024 * 1024;
const MESSAGE_TYPES = new Set(['text', 'interactive', 'template', 'image', 'audio', 'video', 'document', 'sticker', 'location', 'contacts', 'reaction']);

/**
 * A stand-in for Meta's Graph API (the WhatsApp Cloud API parts Sophie uses), on loopback: sends
 * and read receipts, media descriptions and downloads, Meta's answers and error bodies, token
 * checks, failure and delay injection. Used by the tests and, through `npm run fake:meta`, by a
 * local installation whose META_GRAPH_URL points at it.
 */
export class FakeMetaGraph {
  /** Accepted messages and read receipts, in order. */
  readonly sent: SentRequest[] = [];
  /** Every request received, accepted or not. */
  readonly requests: FakeRequest[] = [];
  /** Valid token per phone number id. A phone number id not listed accepts any bearer token. */
  readonly tokens = new Map<string, string>();

  private readonly events = new EventEmitter();
  private readonly media = new Map<string, StoredMedia>();
  private readonly mediaByOpaque = new Map<string, StoredMedia>();
  private failures: Array<{ remaining: number; error: FakeMetaError }> = [];
  private predicates: Array<{ when: (request: FakeRequest) => boolean; error: FakeMetaError }> = [];
  private delays: number[] = [];
  private readonly timers = new DelayTimers();
  private lastSeq = 0;

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  /** Starts listening on 127.0.0.1 (or `host`); port 0 (the default) picks a free one. */
  static async start(options: { port?: number; host?: string } = {}): Promise<FakeMetaGraph> {
    const server = createServer();
    const fake = new FakeMetaGraph(server, await listen(server, options));
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      fake.handle(req, res).catch((error: unknown) => fake.fail(res, { httpStatus: 500, code: 1, message: error instanceof Error ? error.message : 'fake failure' }));
    });
    return fake;
  }

  async stop(): Promise<void> {
    this.timers.clear();
    await closeServer(this.server);
  }

  /** Registers a media object; `GET /{version}/{id}` then describes it. Returns its id. */
  addMedia(media: FakeMedia): string {
    const id = media.id ?? String(10 ** 15 + Math.floor(Math.random() * 9 * 10 ** 15));
    const stored: StoredMedia = {
      ...media,
      id,
      sha256: media.sha256Override ?? createHash('sha256').update(media.bytes).digest('hex'),
      opaque: randomBytes(18).toString('base64url'),
    };
    this.media.set(id, stored);
    this.mediaByOpaque.set(stored.opaque, stored);
    return id;
  }

  /** The next `count` message sends (not read receipts) fail with `error`. */
  failNext(count: number, error: FakeMetaError): void {
    this.failures.push({ remaining: count, error });
  }

  /** Every request matching `when` fails with `error` until `reset()` or the returned function is called. */
  failWhen(when: (request: FakeRequest) => boolean, error: FakeMetaError): () => void {
    const entry = { when, error };
    this.predicates.push(entry);
    return () => {
      this.predicates = this.predicates.filter((p) => p !== entry);
    };
  }

  /**
   * The next request (of any kind) is handled only after `ms` milliseconds: a send is then recorded (applied) even
   * when the client gave up waiting meanwhile, as Meta would.
   */
  delayNext(ms: number): void {
    this.delays.push(ms);
  }

  /** Forgets what was sent, registered and injected (sequences keep growing). */
  reset(): void {
    this.sent.length = 0;
    this.requests.length = 0;
    this.tokens.clear();
    this.media.clear();
    this.mediaByOpaque.clear();
    this.failures = [];
    this.predicates = [];
    this.delays = [];
  }

  /** Resolves once `sent` holds at least `count` entries; rejects after `timeoutMs`. */
  waitForSent(count: number, timeoutMs = 5000): Promise<SentRequest[]> {
    if (this.sent.length >= count) return Promise.resolve(this.sent.slice());
    return waitForEvent(
      this.events,
      'sent',
      () => (this.sent.length < count ? undefined : this.sent.slice()),
      timeoutMs,
      () => `FakeMetaGraph: waited ${timeoutMs} ms for ${count} sent request(s), got ${this.sent.length}`,
    );
  }

  /** Calls `listener` with each accepted message or read receipt. */
  onSent(listener: (sent: SentRequest) => void): () => void {
    this.events.on('sent', listener);
    return () => this.events.off('sent', listener);
  }

  /**
   * Accepted messages and read receipts after sequence `after`, oldest first: messages only to `to` when given, read
   * receipts always; only from `phoneNumberId` when given. What `GET /_fake/sent` answers (see simulator-endpoints.ts).
   */
  sentPage(filter: SentFilter = {}): FakeSentPage {
    return sentPage(this.sent, this.lastSeq, filter);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bytes = await readBody(req, BODY_LIMIT);
    if (bytes === undefined) return this.fail(res, invalidParameter('(#100) Request body too large'));
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    if (path.startsWith('/_fake/')) {
      const answer = simulatorAnswer(this, req.method ?? 'GET', path, url.searchParams, req.headers['content-type'], bytes);
      return writeJson(res, answer.status, answer.body);
    }
    const request = this.route(req.method ?? 'GET', path, req.headers.authorization, bytes.toString('utf8'));
    if (!request) return this.fail(res, invalidParameter(`Unsupported ${req.method?.toLowerCase()} request.`, 33));
    this.requests.push(request);
    const delay = this.delays.shift();
    if (delay !== undefined) await this.timers.sleep(delay);

    if (!request.token) return this.fail(res, MISSING_TOKEN);
    if (!this.tokenValid(request)) return this.fail(res, INVALID_TOKEN);
    const injected = this.predicates.find((p) => p.when(request))?.error ?? (request.route === 'message' ? this.takeFailure() : undefined);
    if (injected && !(injected.afterApplying && (request.route === 'message' || request.route === 'read'))) return this.fail(res, injected);

    switch (request.route) {
      case 'message':
      case 'read':
        return this.accept(request, res, injected);
      case 'media-info':
        return this.describeMedia(request, res);
      case 'media-download':
        return this.serveMedia(path, res);
    }
  }

  private route(method: string, path: string, authorization: string | undefined, text: string): FakeRequest | undefined {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    const parts = path.split('/').slice(1).map(decodeURIComponent);
    if (method === 'POST' && parts.length === 3 && parts[2] === 'messages') {
      const body = parseObject(text);
      const route = body?.status === undefined ? 'message' : 'read';
      return { route, method, path, apiVersion: parts[0], phoneNumberId: parts[1], token, body };
    }
    if (method === 'GET' && parts.length === 2 && parts[0] === 'media-download') return { route: 'media-download', method, path, token };
    if (method === 'GET' && parts.length === 2) return { route: 'media-info', method, path, apiVersion: parts[0], mediaId: parts[1], token };
    return undefined;
  }

  private tokenValid(request: FakeRequest): boolean {
    if (request.phoneNumberId !== undefined) {
      const expected = this.tokens.get(request.phoneNumberId);
      return expected === undefined || expected === request.token;
    }
    // Media is not tied to a phone number in the URL: any registered token will do.
    return this.tokens.size === 0 || [...this.tokens.values()].includes(request.token ?? '');
  }

  private takeFailure(): FakeMetaError | undefined {
    const next = this.failures[0];
    if (!next) return undefined;
    next.remaining -= 1;
    if (next.remaining <= 0) this.failures.shift();
    return next.error;
  }

  /** Records the message or receipt and answers Meta's success, or `lostAnswer` instead (it was applied all the same). */
  private accept(request: FakeRequest, res: ServerResponse, lostAnswer?: FakeMetaError): void {
    const body = request.body;
    if (!body) return this.fail(res, invalidParameter('(#100) Invalid parameter'));
    if (body.messaging_product !== 'whatsapp') return this.fail(res, invalidParameter('(#100) The parameter messaging_product is required.'));
    const base = { apiVersion: request.apiVersion ?? '', phoneNumberId: request.phoneNumberId ?? '', token: request.token ?? '', body, at: new Date() };
    if (request.route === 'read') {
      if (body.status !== 'read' || typeof body.message_id !== 'string') return this.fail(res, invalidParameter('(#100) Invalid parameter'));
      this.record({ seq: this.nextSeq(), kind: 'read', wamid: body.message_id, ...base });
      return lostAnswer ? this.fail(res, lostAnswer) : writeJson(res, 200, { success: true });
    }
    const type = body.type ?? 'text';
    if (typeof body.to !== 'string' || body.to === '') return this.fail(res, invalidParameter('(#100) The parameter to is required.'));
    if (typeof type !== 'string' || !MESSAGE_TYPES.has(type)) return this.fail(res, invalidParameter('(#100) Param type must be one of the supported message types'));
    if (type === 'text' && typeof (body.text as { body?: unknown } | undefined)?.body !== 'string') {
      return this.fail(res, invalidParameter("(#100) The parameter text['body'] is required."));
    }
    const wamid = `wamid.${randomBytes(30).toString('base64')}`;
    this.record({ seq: this.nextSeq(), kind: 'message', wamid, ...base });
    if (lostAnswer) return this.fail(res, lostAnswer);
    writeJson(res, 200, {
      messaging_product: 'whatsapp',
      contacts: [{ input: body.to, wa_id: body.to.replace(/\D/g, '') }],
      messages: [type === 'template' ? { id: wamid, message_status: 'accepted' } : { id: wamid }],
    });
  }

  private describeMedia(request: FakeRequest, res: ServerResponse): void {
    const media = this.media.get(request.mediaId ?? '');
    if (!media) {
      return this.fail(res, {
        ...invalidParameter(`Unsupported get request. Object with ID '${request.mediaId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 33),
        type: 'GraphMethodException',
      });
    }
    // Meta gives the size as a string.
    writeJson(res, 200, {
      messaging_product: 'whatsapp',
      url: `${this.baseUrl}/media-download/${media.opaque}`,
      mime_type: media.mimeType,
      sha256: media.sha256,
      file_size: String(media.bytes.length),
      id: media.id,
    });
  }

  private serveMedia(path: string, res: ServerResponse): void {
    const media = this.mediaByOpaque.get(path.slice('/media-download/'.length));
    if (!media) return this.fail(res, { httpStatus: 404, code: 100, message: 'Media not found or URL expired' });
    if (media.redirectTo) {
      res.writeHead(302, { Location: media.redirectTo }).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': media.mimeType, ...(media.omitContentLength ? {} : { 'Content-Length': media.bytes.length }) });
    res.end(media.bytes);
  }

  private nextSeq(): number {
    this.lastSeq += 1;
    return this.lastSeq;
  }

  private record(sent: SentRequest): void {
    this.sent.push(sent);
    this.events.emit('sent', sent);
  }

  private fail(res: ServerResponse, error: FakeMetaError): void {
    if (res.headersSent) return void res.destroy();
    if (error.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(error.retryAfterSeconds));
    if (error.body !== undefined) {
      res.writeHead(error.httpStatus, { 'Content-Type': 'text/html' }).end(error.body);
      return;
    }
    writeJson(res, error.httpStatus, metaErrorBody(error));
  }
}
