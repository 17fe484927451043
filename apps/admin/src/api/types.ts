/** The API's shapes the dashboard reads (see /api/docs). */

export interface PageOf<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface Clinic {
  id: string;
  name: string;
  timezone: string;
  default_language: string;
  phone: string | null;
  address: string | null;
  email: string | null;
  website: string | null;
  opening_hours: string | null;
  emergency_message: string | null;
  is_active: boolean;
  status: 'provisioning' | 'active' | 'suspended' | 'failed' | 'decommissioning' | 'decommissioned';
  created_at: string;
}

export interface ClinicStats {
  clinic_id: string;
  clinic_name: string;
  patients: number | null;
  conversations: number | null;
  practitioners: number | null;
  available: boolean;
}

export interface SuperadminStats {
  global: { total_clinics: number; total_patients: number; total_conversations: number; total_practitioners: number };
  by_clinic: ClinicStats[];
}

export interface ClinicProfile extends Clinic {
  figures: { patients: number; practitioners: number; schema_version: string | null };
}

export interface Appointment {
  id: string;
  practitioner_id: string;
  patient_id: string | null;
  /** "First Last" (or the phone number); null once the patient is erased. */
  patient_name: string | null;
  treatment_id: string;
  start: string;
  end: string;
  status: 'booked' | 'completed' | 'cancelled' | 'no_show';
  source: string;
}

export interface Practitioner {
  id: string;
  first_name: string | null;
  last_name: string | null;
  specialty: string | null;
  google_calendar_id: string;
  is_active: boolean;
}

export interface Conversation {
  id: string;
  user_phone: string | null;
  profile_name: string | null;
  patient_id: string | null;
  last_message_at: string | null;
  handed_off_at: string | null;
  unread: boolean;
}

export interface CalendarLink {
  status: 'not_configured' | 'not_connected' | 'connected' | 'needs_reconnect';
  account_email: string | null;
  events_pending: number;
  events_failed: number;
}

export const practitionerName = (p: Pick<Practitioner, 'first_name' | 'last_name'>): string => [p.first_name, p.last_name].filter(Boolean).join(' ') || '—';
