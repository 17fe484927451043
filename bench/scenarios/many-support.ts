import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { mapWithConcurrency } from '@sophie/tenancy';
import type { Api } from '../installation';

/** Helpers of the many-clinics scenario. */

const clinicBody = (i: number) => ({
  name: `Bench clinic ${String(i + 1).padStart(4, '0')}`,
  timezone: 'Europe/Paris',
  phone: '+33100000000',
  address: `${i + 1} rue de la Paix, Paris`,
  email: `clinic${i + 1}@example.test`,
});

/**
 * Provisions `count` clinics through POST /api/superadmin/clinics: the first alone (it builds the
 * server's clinic template), the others `concurrency` at a time. Returns their ids in order.
 */
export async function provisionConcurrently(api: Api, token: string, count: number, concurrency: number, onProgress?: (done: number) => void): Promise<string[]> {
  let done = 0;
  const provision = async (i: number): Promise<string> => {
    const res = await api.call<{ id: string }>('POST', '/api/superadmin/clinics', token, clinicBody(i));
    if (res.status !== 201) throw new Error(`Provisioning clinic ${i + 1} failed: ${res.status} ${JSON.stringify(res.body)}`);
    done += 1;
    onProgress?.(done);
    return res.body.id;
  };
  const first = await provision(0);
  const rest = await mapWithConcurrency(
    Array.from({ length: count - 1 }, (_, i) => i + 1),
    concurrency,
    provision,
  );
  return [first, ...rest];
}

/** A copy of `items` in random order (Fisher-Yates). */
export function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

export interface GarbageCollector {
  /** Runs a full collection; undefined when none is available. */
  run?: () => void;
  /** How it was obtained, for the report. */
  how: string;
}

/**
 * A full garbage collection: global.gc with `node --expose-gc`, else the same function obtained at
 * run time (V8's --expose-gc flag set now, then read from a new context), else none.
 */
export function collectGarbage(): GarbageCollector {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return { run: () => exposed(), how: 'global.gc (--expose-gc)' };
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    if (typeof gc === 'function') return { run: () => (gc as () => void)(), how: 'gc via v8.setFlagsFromString(--expose-gc)' };
  } catch {
    // No way to collect: measured without.
  }
  return { how: 'NO gc available: heap measured without collecting' };
}

/** heapUsed after full collections (three, a tick apart, so finalisers and weak references settle). */
export async function heapAfterGc(gc: GarbageCollector): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc.run?.();
    await sleep(20);
  }
  return process.memoryUsage().heapUsed;
}
