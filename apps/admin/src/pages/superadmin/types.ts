/** The superadmin screens' API shapes that the shared api/types.ts does not describe (see /api/docs). */
import type { Clinic } from '../../api/types';

/** GET/PATCH /api/superadmin/clinics/:clinicId: the registry record. */
export interface ClinicRecord extends Clinic {
  onboarding_form_url: string | null;
  schema_version: string | null;
  /** Set once decommissioned: when its database and role were dropped (the row stays as a tombstone). */
  decommissioned_at: string | null;
  /** The verified final export written before the database was dropped, and its SHA-256. */
  final_export_path: string | null;
  final_export_sha256: string | null;
  updated_at: string;
}

/** PATCH /api/superadmin/clinics/:clinicId: any profile field (null clears an optional one), and is_active. */
export type ClinicPatch = Partial<{
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
  is_active: boolean;
}>;

/** GET /api/superadmin/clinics/:clinicId/users: a clinic's ADMIN accounts. */
export interface ClinicUser {
  id: string;
  username: string;
  role: 'ADMIN';
  clinic_id: string | null;
  disabled: boolean;
  created_at: string;
  last_login_at: string | null;
}

/** Whether a write-only secret is stored, and its last 4 characters. */
export interface SecretHint {
  is_set: boolean;
  last4: string | null;
}

/** GET /api/clinics/:clinicId/whatsapp: secrets appear only as hints. */
export interface WhatsAppConfig {
  configured: boolean;
  phone_number_id: string | null;
  verify_token: SecretHint;
  access_token: SecretHint;
  webhook_secret: SecretHint;
  api_version: string | null;
  provider: string | null;
  is_active: boolean;
  needs_new_token: boolean;
  reminder_templates: Record<string, string>;
  webhook_path: string;
}

/** PUT /api/clinics/:clinicId/whatsapp: a secret left out keeps the stored one. */
export interface WhatsAppConfigPut {
  phone_number_id: string;
  api_version?: string;
  is_active?: boolean;
  verify_token?: string;
  access_token?: string;
  webhook_secret?: string;
  reminder_templates?: Record<string, string>;
}

/** GET/PATCH /api/superadmin/servers(/:serverId): a PostgreSQL server for clinic databases (never its password). */
export interface DatabaseServer {
  id: string;
  name: string;
  host: string;
  port: number;
  admin_user: string;
  /** accepting: new clinics may be placed there; draining: it serves its clinics and takes no new ones. */
  status: 'accepting' | 'draining';
  capacity: number;
  /** Clinic databases it holds (provisioning, active, suspended or decommissioning clinics). */
  clinics: number;
  /** capacity minus clinics, never below 0. */
  room: number;
  /** The server that also holds the registry. */
  is_primary: boolean;
  created_at: string;
}

/** PATCH /api/superadmin/servers/:serverId: drain or reopen it, or change its capacity. */
export type ServerPatch = { status: DatabaseServer['status'] } | { capacity: number };

/** The most clinic databases a server may be given (the API's limit). */
export const MAX_SERVER_CAPACITY = 100_000;

/** The languages a clinic (and its reminder templates) may use. */
export const CLINIC_LANGUAGES = ['fr', 'en', 'de', 'it', 'es'] as const;

/** The superadmin's query keys: everything under ['superadmin'] (the clinics list and stats included). */
export const superadminKeys = {
  all: ['superadmin'] as const,
  clinic: (clinicId: string) => ['superadmin', 'clinic', clinicId] as const,
  users: (clinicId: string) => ['superadmin', 'clinic', clinicId, 'users'] as const,
  whatsapp: (clinicId: string) => ['superadmin', 'clinic', clinicId, 'whatsapp'] as const,
  stats: ['superadmin', 'stats'] as const,
  servers: ['superadmin', 'servers'] as const,
};
