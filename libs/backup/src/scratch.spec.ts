import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { withPlainScratch } from './scratch';

describe(withPlainScratch.name, () => {
  const stale = path.join(tmpdir(), `sophie-plain-stale-${process.pid}`);
  let recent: string;

  beforeEach(async () => {
    await mkdir(stale, { recursive: true });
    await writeFile(path.join(stale, 'clinic.dump'), 'patient data');
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    await utimes(stale, twoDaysAgo, twoDaysAgo);
    recent = await mkdtemp(path.join(tmpdir(), 'sophie-plain-'));
  });

  afterEach(async () => {
    await rm(stale, { recursive: true, force: true });
    await rm(recent, { recursive: true, force: true });
  });

  it('gives a private folder removed afterwards, and removes what a run killed a day ago left, not a running one\'s', async () => {
    let used = '';
    await withPlainScratch(async (folder) => {
      used = folder;
      await writeFile(path.join(folder, 'dump'), 'x');
    });
    expect(existsSync(used)).toBe(false);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(recent)).toBe(true);
  });
});
