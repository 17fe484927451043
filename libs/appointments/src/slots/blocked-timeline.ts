import { MS_PER_MINUTE } from './local-time';
import type { BusyInterval, TimeInterval } from './slot-engine.types';

/*
 * The blocked timeline of the slot engine (see slot-engine.ts): closures and busy intervals (each widened by its own
 * buffers) sorted and merged once into disjoint half-open spans, then checked by binary search per candidate. Also
 * the engine's checks of instants and whole-minute counts.
 */

/** Closures and busy blocked spans, sorted by start, merged, pairwise disjoint. */
export interface BlockedTimeline {
  readonly starts: number[];
  readonly ends: number[];
}

/** Closures and busy blocked spans (busy widened by its own buffers), sorted and merged once. */
export function blockedTimeline(closures: readonly TimeInterval[], busy: readonly BusyInterval[]): BlockedTimeline {
  const spans: Array<{ start: number; end: number }> = [];
  closures.forEach((closure, index) => {
    const { start, end } = forwardInterval(closure, `closures[${index}]`);
    if (end > start) spans.push({ start, end });
  });
  busy.forEach((interval, index) => {
    const name = `busy[${index}]`;
    const { start, end } = forwardInterval(interval, name);
    const before = wholeNumber(interval.bufferBeforeMinutes ?? 0, `${name}.bufferBeforeMinutes`, 0);
    const after = wholeNumber(interval.bufferAfterMinutes ?? 0, `${name}.bufferAfterMinutes`, 0);
    const blockedStart = start - before * MS_PER_MINUTE;
    const blockedEnd = end + after * MS_PER_MINUTE;
    if (blockedEnd > blockedStart) spans.push({ start: blockedStart, end: blockedEnd });
  });
  spans.sort((a, b) => a.start - b.start);

  const starts: number[] = [];
  const ends: number[] = [];
  for (const span of spans) {
    const last = ends.length - 1;
    if (last >= 0 && span.start <= ends[last]) {
      if (span.end > ends[last]) ends[last] = span.end;
    } else {
      starts.push(span.start);
      ends.push(span.end);
    }
  }
  return { starts, ends };
}

/** Whether `[start, end)` overlaps a blocked span (binary search for the first span ending after `start`). */
export function overlapsBlocked(blocked: BlockedTimeline, start: number, end: number): boolean {
  let low = 0;
  let high = blocked.ends.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (blocked.ends[middle] <= start) low = middle + 1;
    else high = middle;
  }
  return low < blocked.ends.length && blocked.starts[low] < end;
}

function forwardInterval(interval: TimeInterval, name: string): { start: number; end: number } {
  const start = instant(interval.start, `${name}.start`);
  const end = instant(interval.end, `${name}.end`);
  if (end < start) throw new RangeError(`${name}: end must not be before start`);
  return { start, end };
}

/** A valid `Date` -> epoch milliseconds; anything else is a RangeError naming `name`. */
export function instant(value: Date, name: string): number {
  const ms = value instanceof Date ? value.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}

/** A whole number of at least `minimum`; anything else is a RangeError naming `name`. */
export function wholeNumber(value: number, name: string, minimum: number): number {
  if (!Number.isInteger(value) || value < minimum) {
    throw new RangeError(`${name} must be a whole number >= ${minimum}, got ${String(value)}`);
  }
  return value;
}
