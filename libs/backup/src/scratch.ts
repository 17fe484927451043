import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const PREFIX = 'sophie-plain-';
/** Older than this, a scratch folder belongs to a run that died: no restore of one clinic takes a day. */
const STALE_MS = 24 * 3600 * 1000;

/**
 * Runs `work` with a private temporary folder (0700) for decrypted dumps, removed afterwards. A run killed before
 * it could clean up leaves patient data there: the next run removes such folders once they are a day old.
 */
export async function withPlainScratch<T>(work: (folder: string) => Promise<T>): Promise<T> {
  await sweepStale();
  const folder = await mkdtemp(path.join(tmpdir(), PREFIX));
  try {
    return await work(folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

async function sweepStale(): Promise<void> {
  const now = Date.now();
  for (const name of await readdir(tmpdir()).catch(() => [] as string[])) {
    if (!name.startsWith(PREFIX)) continue;
    const folder = path.join(tmpdir(), name);
    const modified = await stat(folder).then((s) => s.mtimeMs, () => now);
    if (now - modified > STALE_MS) await rm(folder, { recursive: true, force: true }).catch(() => undefined);
  }
}
