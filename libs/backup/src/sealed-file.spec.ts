import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SecretBox } from '@sophie/common';
import { openSealedFile, sha256Of, writeSealedFile } from './sealed-file';

describe('sealed files', () => {
  let dir: string;
  const content = Buffer.concat([Buffer.from('PGDMP patient Dupont '), randomBytes(200_000)]);
  const seal = (box: SecretBox, file: string) =>
    writeSealedFile(box, file, 'clinic:a', (sink) => {
      sink.write(content.subarray(0, 1000));
      sink.write(content.subarray(1000));
      return Promise.resolve();
    });

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sealed-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes what it was given encrypted, with its size and SHA-256, and reads it back whole', async () => {
    const box = new SecretBox(randomBytes(32));
    const file = path.join(dir, 'a.sealed');
    const facts = await seal(box, file);
    const raw = await readFile(file);
    expect(raw.includes(Buffer.from('patient Dupont'))).toBe(false);
    expect(facts).toEqual({ bytes: raw.length, sha256: await sha256Of(file) });
    await openSealedFile(box, file, path.join(dir, 'a.plain'), 'clinic:a');
    expect((await readFile(path.join(dir, 'a.plain'))).equals(content)).toBe(true);
  });

  it('refuses to open a file as another clinic\'s dump', async () => {
    const box = new SecretBox(randomBytes(32));
    const file = path.join(dir, 'f.sealed');
    await seal(box, file);
    await expect(openSealedFile(box, file, path.join(dir, 'f.plain'), 'clinic:b')).rejects.toThrow(/holds clinic:a, not clinic:b/);
  });

  it('refuses a changed byte and leaves no partial output', async () => {
    const box = new SecretBox(randomBytes(32));
    const file = path.join(dir, 'b.sealed');
    await seal(box, file);
    const raw = await readFile(file);
    raw[raw.length - 5000] ^= 1;
    await writeFile(file, raw);
    await expect(openSealedFile(box, file, path.join(dir, 'b.plain'))).rejects.toThrow(/damaged or was altered/);
    await expect(readFile(path.join(dir, 'b.plain'))).rejects.toThrow();
  });

  it('reads a file sealed under a previous key after the key was rotated, and refuses it without that key', async () => {
    const oldKey = randomBytes(32);
    const file = path.join(dir, 'c.sealed');
    await seal(new SecretBox(oldKey), file);
    await openSealedFile(new SecretBox(randomBytes(32), [oldKey]), file, path.join(dir, 'c.plain'));
    expect((await readFile(path.join(dir, 'c.plain'))).equals(content)).toBe(true);
    await expect(openSealedFile(new SecretBox(randomBytes(32)), file, path.join(dir, 'd.plain'))).rejects.toThrow(/key this installation does not hold/);
  });

  it('refuses a file that is not sealed', async () => {
    const file = path.join(dir, 'e.sealed');
    await writeFile(file, 'PGDMP plain dump');
    await expect(openSealedFile(new SecretBox(randomBytes(32)), file, path.join(dir, 'e.plain'))).rejects.toThrow(/not a Sophie sealed file/);
  });
});
