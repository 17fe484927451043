/** Something the operator can fix (a server not running, a missing configuration), told in one message. */
export class ChatError extends Error {
  override readonly name = 'ChatError';
}

/** Why a fetch failed, in words: "connection refused", "timed out"… */
export function networkReason(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown } | null)?.code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'no answer in time';
  return cause instanceof Error ? cause.message : String(cause);
}
