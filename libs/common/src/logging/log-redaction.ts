/**
 * Phone numbers and WhatsApp ids (the same digits) never reach a log line in clear: every string of a
 * log line goes through `maskPhoneNumbers`, which keeps at most the first 3 and the last 2 digits
 * (`+33612345678` → `+336••••••78`), always hiding at least 6.
 *
 * What counts as a phone number: a run of 8 to 15 digits, optionally after `+`, standing on its own
 * (not inside a word, a UUID, a hex string, a decimal or a longer digit run), or digit groups of 1–4
 * separated by single spaces totalling 8 to 15 digits, written with `+` or in 4 groups or more
 * (`06 12 34 56 78`, `+33 6 12 34 56 78`). Left alone: UUIDs, ISO dates and times, IP addresses,
 * numbers (only strings are read) and epoch timestamps written as strings (10 or 13 digits starting
 * with 1 and no `+`: seconds or milliseconds from 2001 to 2033, never a valid E.164 number).
 */
const CANDIDATE = /(?<![\w+.-])\+?\d+(?: \d+)*(?![\w-]|\.\d)/g;

function maskDigits(sign: string, digits: string): string {
  const head = Math.max(0, Math.min(3, digits.length - 8));
  return `${sign}${digits.slice(0, head)}${'•'.repeat(digits.length - head - 2)}${digits.slice(-2)}`;
}

function isEpochTimestamp(digits: string): boolean {
  return (digits.length === 10 || digits.length === 13) && digits.startsWith('1');
}

function maskRun(run: string): string {
  const sign = run.startsWith('+') ? '+' : '';
  const digits = sign ? run.slice(1) : run;
  if (digits.length < 8 || digits.length > 15) return run;
  if (!sign && isEpochTimestamp(digits)) return run;
  return maskDigits(sign, digits);
}

function maskCandidate(candidate: string): string {
  const groups = candidate.split(' ');
  if (groups.length === 1) return maskRun(candidate);
  const sign = candidate.startsWith('+') ? '+' : '';
  const digits = groups.join('').replace('+', '');
  const grouped = groups.every((group) => group.replace('+', '').length <= 4);
  if (grouped && digits.length >= 8 && digits.length <= 15 && (sign !== '' || groups.length >= 4)) return maskDigits(sign, digits);
  return groups.map(maskRun).join(' ');
}

/** The text with every phone-number-looking part masked. */
export function maskPhoneNumbers(text: string): string {
  return text.replace(CANDIDATE, maskCandidate);
}

/** Keys whose values are secrets wherever they appear in a log object, at any depth. */
export const SECRET_KEYS: ReadonlySet<string> = new Set(
  [
    'password',
    'authorization',
    'cookie',
    'secret',
    'token',
    'accessToken',
    'access_token',
    'refreshToken',
    'refresh_token',
    'idToken',
    'id_token',
    'appSecret',
    'app_secret',
    'webhookSecret',
    'webhook_secret',
    'verifyToken',
    'verify_token',
    'clientSecret',
    'client_secret',
    'codeVerifier',
    'code_verifier',
    'jwtSecret',
    'secretsKey',
    'previousSecretsKeys',
  ].map((key) => key.toLowerCase()),
);

export const REDACTED = '[redacted]';
const MAX_DEPTH = 8;

function redactValue(value: unknown, depth: number, ancestors: Set<object>): unknown {
  if (typeof value === 'string') return maskPhoneNumbers(value);
  if (value === null || typeof value !== 'object') return value;
  if (ancestors.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    // What JSON.stringify would write (Date → ISO string, AppConfig → its safe summary, Buffer → bytes).
    const json: unknown = toJSON.call(value);
    return json === value ? json : redactValue(json, depth, ancestors);
  }
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1, ancestors));
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[key] = SECRET_KEYS.has(key.toLowerCase()) && item !== undefined && item !== null ? REDACTED : redactValue(item, depth + 1, ancestors);
    }
    return copy;
  } finally {
    ancestors.delete(value);
  }
}

/**
 * A copy of a log object (the caller's object is never changed) with secrets under known key names
 * replaced at any depth and phone numbers masked in every string. `keep` names top-level keys left
 * as they are for their own serializer (pino's `err`, whose serializer masks its output itself).
 */
export function redactLogObject(object: Record<string, unknown>, keep: ReadonlySet<string> = new Set()): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  const ancestors = new Set<object>([object]);
  for (const [key, value] of Object.entries(object)) {
    if (keep.has(key)) copy[key] = value;
    else copy[key] = SECRET_KEYS.has(key.toLowerCase()) && value !== undefined && value !== null ? REDACTED : redactValue(value, 1, ancestors);
  }
  return copy;
}

/** Any value (a serializer's output, say) with the same treatment. */
export function redactLogValue(value: unknown): unknown {
  return redactValue(value, 0, new Set());
}
