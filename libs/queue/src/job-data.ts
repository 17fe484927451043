/** Serialised size limit of a job's data: ids and flags fit many times over; documents do not. */
export const MAX_JOB_DATA_BYTES = 2048;

/** Suffix of every queue's dead-letter queue. */
export const DEAD_LETTER_SUFFIX = '.dead';

const QUEUE_NAME = /^[a-z0-9][a-z0-9_.-]{0,99}$/;

function isScalar(value: unknown): boolean {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** Refuses anything but a flat object of scalars or arrays of strings and numbers, within MAX_JOB_DATA_BYTES. */
export function assertJobData(data: unknown): void {
  if (typeof data !== 'object' || data === null || Array.isArray(data) || Object.getPrototypeOf(data) !== Object.prototype) {
    throw new TypeError('Job data must be a plain object of ids');
  }
  for (const [key, value] of Object.entries(data)) {
    const ok = isScalar(value) || (Array.isArray(value) && value.every((item) => typeof item === 'string' || (typeof item === 'number' && Number.isFinite(item))));
    if (!ok) throw new TypeError(`Job data field "${key}" must be a string, number, boolean, null or an array of strings and numbers`);
  }
  const bytes = Buffer.byteLength(JSON.stringify(data));
  if (bytes > MAX_JOB_DATA_BYTES) throw new TypeError(`Job data is ${bytes} bytes; at most ${MAX_JOB_DATA_BYTES} (ids only, never patient data)`);
}

/** Queue names: lower case letters, digits, `_`, `.`, `-`; the `.dead` suffix is kept for dead-letter queues. */
export function assertQueueName(name: string): void {
  if (!QUEUE_NAME.test(name)) throw new TypeError(`Invalid queue name "${name}": ${QUEUE_NAME.source}`);
  if (name.endsWith(DEAD_LETTER_SUFFIX)) throw new TypeError(`Queue names ending in "${DEAD_LETTER_SUFFIX}" are dead-letter queues, created by define()`);
}

export function deadLetterQueue(name: string): string {
  return `${name}${DEAD_LETTER_SUFFIX}`;
}
