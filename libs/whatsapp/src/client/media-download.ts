import { WhatsAppMediaTooLarge, WhatsAppMediaUrlRefused } from './whatsapp-errors';

/** Meta's host for media downloads (the URLs `GET /{media-id}` returns). */
export const META_MEDIA_ORIGIN = 'https://lookaside.fbsbx.com';

/**
 * SSRF guard: the client sends a clinic's access token with every media download, and the URL
 * comes from an answer, not from us. It fetches only URLs on the configured Graph API's origin
 * (the fake in tests, `https://graph.facebook.com` in production) or on Meta's media host, and
 * follows redirects itself, checking each hop the same way: anything else is refused unfetched,
 * so neither the token nor a request can be steered to an internal or foreign address.
 */
export class MediaUrlGuard {
  private readonly allowed: ReadonlySet<string>;

  constructor(graphBaseUrl: string) {
    this.allowed = new Set([new URL(graphBaseUrl).origin, META_MEDIA_ORIGIN]);
  }

  /** The parsed URL, or `WhatsAppMediaUrlRefused`. */
  check(url: string, base?: URL): URL {
    let parsed: URL;
    try {
      parsed = new URL(url, base);
    } catch {
      throw new WhatsAppMediaUrlRefused('(not a URL)');
    }
    if (!this.allowed.has(parsed.origin) || parsed.username || parsed.password) throw new WhatsAppMediaUrlRefused(parsed.origin);
    return parsed;
  }
}

/** Minimal view of a web ReadableStream reader: what reading with a byte limit needs. */
interface ChunkReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(): Promise<void>;
}

/**
 * Reads a body to its end, or stops it as soon as it exceeds `maxBytes` (the rest is never
 * downloaded) and throws `WhatsAppMediaTooLarge`.
 */
export async function readAtMost(body: { getReader(): ChunkReader } | null, maxBytes: number): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!value) continue;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new WhatsAppMediaTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}
