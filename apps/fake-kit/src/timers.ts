import type { EventEmitter } from 'node:events';

/**
 * Resolves with what `accept` makes of the first `event` it does not answer undefined to; rejects after `timeoutMs` with
 * the message `describeTimeout` gives then. The listener and the timer are removed either way.
 */
export function waitForEvent<T, R>(emitter: EventEmitter, event: string, accept: (value: T) => R | undefined, timeoutMs: number, describeTimeout: () => string): Promise<R> {
  return new Promise((resolve, reject) => {
    const listener = (value: T): void => {
      const result = accept(value);
      if (result === undefined) return;
      cleanup();
      resolve(result);
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(describeTimeout()));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      emitter.off(event, listener);
    };
    emitter.on(event, listener);
  });
}

/** Injected delays a fake can cancel all at once when it stops (their promises then never settle). */
export class DelayTimers {
  private readonly timers = new Set<NodeJS.Timeout>();

  /** Resolves after `ms` milliseconds, unless `clear()` comes first. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
