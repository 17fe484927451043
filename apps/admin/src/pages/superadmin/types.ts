/** The superadmin screens' API shapes that the shared api/types.ts does not describe (see /api/docs). */
import type { Clinic } from '../../api/types';

/** GET/PATCH /api/superadmin/clinics/:clinicId: the registry record. */
export interface ClinicRecord extends Clinic {
  onboarding_form_url: string | null;
  schema_version: string | null;
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

/** The languages a clinic (and its reminder templates) may use. */
export const CLINIC_LANGUAGES = ['fr', 'en', 'de', 'it', 'es'] as const;

/** The superadmin's query keys: everything under ['superadmin'] (the clinics list and stats included). */
export const superadminKeys = {
  all: ['superadmin'] as const,
  clinic: (clinicId: string) => ['superadmin', 'clinic', clinicId] as const,
  users: (clinicId: string) => ['superadmin', 'clinic', clinicId, 'users'] as const,
  whatsapp: (clinicId: string) => ['superadmin', 'clinic', clinicId, 'whatsapp'] as const,
  stats: ['superadmin', 'stats'] as const,
};
