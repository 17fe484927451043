import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { BackupManifest } from '../libs/backup/src';
import { cli } from './support/cli';
import { TestApp } from './support/test-app';
import { withAdmin } from './support/test-env';
import { eventually } from './support/whatsapp';

interface Patient {
  id: string;
  last_name: string;
}

describe('Backup and restore (npm run cli -- backup / restore)', () => {
  let api: TestApp;
  let env: NodeJS.ProcessEnv;
  let backupDir: string;
  let superToken: string;
  const clinics: Array<{ id: string; token: string }> = [];

  const lastNames = async (clinic: { id: string; token: string }): Promise<string[]> => {
    const res = await api.get<{ items: Patient[] }>(`/api/clinics/${clinic.id}/patients?limit=100`, clinic.token);
    expect(res.status).toBe(200);
    return res.body.items.map((p) => p.last_name).sort();
  };
  const addPatient = async (clinic: { id: string; token: string }, lastName: string): Promise<Patient> => {
    const res = await api.post<Patient>(`/api/clinics/${clinic.id}/patients`, { first_name: 'Anne', last_name: lastName, phone: `+3361234${String(Math.floor(Math.random() * 9000) + 1000)}` }, clinic.token);
    expect(res.status).toBe(201);
    return res.body;
  };
  const databaseOf = async (id: string): Promise<string> =>
    withAdmin(`${api.prefix}_registry`, async (c) => (await c.query<{ database_name: string }>('SELECT database_name FROM clinics WHERE id = $1', [id])).rows[0].database_name);
  const databaseExists = (name: string): Promise<boolean> => withAdmin('postgres', async (c) => ((await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount ?? 0) > 0);

  let folder: string;
  let manifest: BackupManifest;

  beforeAll(async () => {
    backupDir = await mkdtemp(path.join(tmpdir(), 'sophie-backups-'));
    api = await TestApp.start({ BACKUP_DIR: backupDir });
    env = api.env;
    superToken = await api.superadminToken();
    for (let i = 0; i < 2; i += 1) {
      const { id } = await api.provisionClinic(superToken);
      clinics.push({ id, token: (await api.createClinicAdmin(superToken, id)).token });
    }
    await addPatient(clinics[0], 'Kept-Before-Backup');
    await addPatient(clinics[0], 'Deleted-After-Backup');
    await addPatient(clinics[1], 'Other-Clinic');

    const run = await cli(env, 'backup', '--concurrency', '2');
    expect(run).toMatchObject({ code: 0 });
    expect(run.out).toMatch(/2 clinics: 2 dumped, 0 failed/);
    folder = /Backup written to (\S+)/.exec(run.out)?.[1] ?? '';
    manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')) as BackupManifest;
  });

  afterAll(async () => {
    await api.destroy();
    await rm(backupDir, { recursive: true, force: true });
  });

  it('writes the registry and every clinic into a new owner-only folder, sealed, with a manifest of sizes and checksums', async () => {
    expect(path.dirname(folder)).toBe(backupDir);
    expect((await stat(folder)).mode & 0o777).toBe(0o700);
    expect(manifest).toMatchObject({ format: 'sophie-backup/1', kind: 'backup', registry: { file: 'registry.dump.sealed' } });
    expect(manifest.clinics.map((c) => c.id).sort()).toEqual(clinics.map((c) => c.id).sort());
    for (const entry of manifest.clinics) {
      expect(entry).toMatchObject({ result: 'ok', clinic_status: 'active', schema_version: expect.any(String) as string });
      const file = path.join(folder, entry.dump?.file ?? '');
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(file)).size).toBe(entry.dump?.bytes);
      // Sealed, not a plain pg_dump archive (which starts with PGDMP and which pg_restore would read as it is).
      const bytes = await readFile(file);
      expect(bytes.subarray(0, 16).toString()).toBe('SOPHIE-SEALED-1\n');
      expect(bytes.includes(Buffer.from('PGDMP'))).toBe(false);
    }
    const verify = await cli(env, 'backup', 'verify', folder);
    expect(verify.code).toBe(0);
    expect(verify.out).toMatch(/3 files, 0 failed/);
  });

  it('decrypts the registry\'s dump into a plain archive pg_restore reads, to bring back a lost registry', async () => {
    const out = path.join(backupDir, 'registry.dump');
    const run = await cli(env, 'backup', 'decrypt', path.join(folder, 'registry.dump.sealed'), out);
    expect(run).toMatchObject({ code: 0 });
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    expect((await readFile(out)).subarray(0, 5).toString()).toBe('PGDMP');
    const { stdout } = await promisify(execFile)('pg_restore', ['--list', out]);
    expect(stdout).toMatch(/TABLE DATA public clinics /);
    await rm(out);
  });

  it('refuses to restore over an active clinic unless told, and changes nothing', async () => {
    const run = await cli(env, 'restore', '--clinic', clinics[0].id, '--from', folder);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/active: suspend it first, or pass --force/);
    expect(await lastNames(clinics[0])).toEqual(['Deleted-After-Backup', 'Kept-Before-Backup']);
  });

  it('brings one clinic back as it was at the backup, suspended, without touching the others', async () => {
    const [a, b] = clinics;
    // Rows lost by mistake after the backup (by hand, in the clinic database).
    const lost = await withAdmin(await databaseOf(a.id), (c) => c.query("DELETE FROM patients WHERE last_name = 'Deleted-After-Backup'"));
    expect(lost.rowCount).toBe(1);
    await addPatient(a, 'Added-After-Backup');
    await addPatient(b, 'Other-After-Backup');
    const before = await databaseOf(a.id);
    expect((await api.patch(`/api/superadmin/clinics/${a.id}`, { is_active: false }, superToken)).status).toBe(200);

    const run = await cli(env, 'restore', '--clinic', a.id, '--from', folder);
    expect(run).toMatchObject({ code: 0 });
    expect(run.out).toMatch(/is suspended: reactivate it/);
    const after = await databaseOf(a.id);
    expect(after).not.toBe(before);
    expect(await databaseExists(before)).toBe(false);

    expect((await api.patch(`/api/superadmin/clinics/${a.id}`, { is_active: true }, superToken)).status).toBe(200);
    expect(await lastNames(a)).toEqual(['Deleted-After-Backup', 'Kept-Before-Backup']);
    expect(await lastNames(b)).toEqual(['Other-After-Backup', 'Other-Clinic']);
    const audit = await api.get<{ items: Array<{ action: string }> }>(`/api/superadmin/audit?clinic_id=${a.id}&action=clinic.restored`, superToken);
    expect(audit.body.items).toHaveLength(1);
  });

  it('restores over an active clinic with --force; the running API switches to the restored database by itself', async () => {
    const b = clinics[1];
    expect(await lastNames(b)).toEqual(['Other-After-Backup', 'Other-Clinic']); // the API holds a pool on B's database
    const run = await cli(env, 'restore', '--clinic', b.id, '--from', folder, '--force');
    expect(run).toMatchObject({ code: 0 });
    expect(run.out).toMatch(/It is active and serving/);
    // Its cached route expires within seconds; then requests go to the new database, with no restart.
    await eventually(async () => {
      const res = await api.get<{ items: Patient[] }>(`/api/clinics/${b.id}/patients?limit=100`, b.token);
      return res.status === 200 && res.body.items.length === 1 ? true : undefined;
    }, 'the API serving the restored database');
    expect(await lastNames(b)).toEqual(['Other-Clinic']);
  });

  it('refuses an altered dump: verify names it, restore refuses it and leaves the clinic as it was', async () => {
    const b = clinics[1];
    const entry = manifest.clinics.find((c) => c.id === b.id);
    const file = path.join(folder, entry?.dump?.file ?? '');
    const bytes = await readFile(file);
    bytes[bytes.length - 40] ^= 0xff;
    await writeFile(file, bytes);
    const verify = await cli(env, 'backup', 'verify', folder);
    expect(verify.code).toBe(1);
    expect(verify.out).toMatch(new RegExp(`${b.id}: FAILED .*(damaged|altered)`));
    const run = await cli(env, 'restore', '--clinic', b.id, '--from', folder, '--force');
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/does not match its SHA-256/);
    expect(await lastNames(b)).toEqual(['Other-Clinic']);
  });

  it('refuses a folder that is not a backup, and a clinic the backup does not hold', async () => {
    expect((await cli(env, 'restore', '--clinic', clinics[0].id, '--from', backupDir)).err).toMatch(/not a backup folder/);
    const run = await cli(env, 'restore', '--clinic', '00000000-0000-4000-8000-000000000000', '--from', folder);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/has no usable dump/);
  });
});
