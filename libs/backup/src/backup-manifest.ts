import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClinicEntity } from '@sophie/registry';
import { BackupErrorCode, backupError } from './backup-error-code';
import type { SealedFileFacts } from './sealed-file';

export const MANIFEST_FILE = 'manifest.json';
const FORMAT = 'sophie-backup/1';

/** A sealed dump in the backup folder (path relative to it). */
export interface ManifestFile extends SealedFileFacts {
  file: string;
}

/** A clinic's registry profile: enough to bring the clinic back if the registry itself lost it. No secrets. */
export interface ClinicProfileRecord {
  name: string;
  timezone: string;
  default_language: string;
  phone: string | null;
  address: string | null;
  email: string | null;
  website: string | null;
  opening_hours: string | null;
  emergency_message: string | null;
  onboarding_form_url: string | null;
  created_at: string;
}

export interface ManifestClinic {
  id: string;
  /** The clinic's status when it was dumped. */
  clinic_status: string;
  database_name: string;
  schema_version: string | null;
  profile: ClinicProfileRecord;
  result: 'ok' | 'failed';
  dump?: ManifestFile;
  /** Why the dump failed (never a secret or patient data: a tool's or server's message). */
  error?: string;
}

export interface BackupManifest {
  format: typeof FORMAT;
  id: string;
  kind: 'backup' | 'final-export';
  started_at: string;
  finished_at: string;
  pg_dump_major: number;
  registry?: ManifestFile;
  clinics: ManifestClinic[];
}

export function newManifest(id: string, kind: BackupManifest['kind'], pgDumpMajor: number): BackupManifest {
  const now = new Date().toISOString();
  return { format: FORMAT, id, kind, started_at: now, finished_at: now, pg_dump_major: pgDumpMajor, clinics: [] };
}

export function profileRecord(clinic: ClinicEntity): ClinicProfileRecord {
  return {
    name: clinic.name,
    timezone: clinic.timezone,
    default_language: clinic.defaultLanguage,
    phone: clinic.phone,
    address: clinic.address,
    email: clinic.email,
    website: clinic.website,
    opening_hours: clinic.openingHours,
    emergency_message: clinic.emergencyMessage,
    onboarding_form_url: clinic.onboardingFormUrl,
    created_at: clinic.createdAt.toISOString(),
  };
}

export async function writeManifest(folder: string, manifest: BackupManifest): Promise<void> {
  await writeFile(path.join(folder, MANIFEST_FILE), `${JSON.stringify({ ...manifest, finished_at: new Date().toISOString() }, null, 2)}\n`, { mode: 0o600 });
}

export async function readManifest(folder: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(path.join(folder, MANIFEST_FILE), 'utf8');
  } catch {
    throw backupError(BackupErrorCode.ManifestInvalid, `No ${MANIFEST_FILE} in ${folder}: not a backup folder`);
  }
  let manifest: Partial<BackupManifest>;
  try {
    manifest = JSON.parse(text) as Partial<BackupManifest>;
  } catch {
    throw backupError(BackupErrorCode.ManifestInvalid, `${MANIFEST_FILE} in ${folder} is not valid JSON`);
  }
  if (manifest.format !== FORMAT || !Array.isArray(manifest.clinics)) {
    throw backupError(BackupErrorCode.ManifestInvalid, `${MANIFEST_FILE} in ${folder} is not a ${FORMAT} manifest`);
  }
  return manifest as BackupManifest;
}

/** A dump's path, refusing a manifest entry that would point outside its folder. */
export function dumpPath(folder: string, entry: ManifestFile): string {
  const resolved = path.resolve(folder, entry.file);
  if (!resolved.startsWith(path.resolve(folder) + path.sep)) throw backupError(BackupErrorCode.ManifestInvalid, 'A manifest entry points outside its backup folder');
  return resolved;
}
