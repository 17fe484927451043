/** The API's shapes the patients, audit and settings screens read (see /api/docs); kept in this area. */

export interface Patient {
  id: string;
  first_name: string | null;
  last_name: string | null;
  phone: string;
  email: string | null;
  birth_date: string | null;
  insurance_card_url: string | null;
  has_social_insurance: boolean | null;
  social_insurance_type: string | null;
  beneficiary_number: string | null;
  guarantee_number: string | null;
  guarantee_document_path: string | null;
  created_at: string;
  updated_at: string;
}

/** POST/PATCH …/patients: what the form sends (null clears a field the API lets clear). */
export interface PatientInput {
  first_name?: string | null;
  last_name?: string | null;
  phone?: string;
  email?: string;
  birth_date?: string;
  has_social_insurance?: boolean | null;
  social_insurance_type?: string | null;
  beneficiary_number?: string | null;
  guarantee_number?: string | null;
}

export interface PatientAppointment {
  id: string;
  practitioner_id: string;
  patient_id: string | null;
  treatment_id: string;
  start: string;
  end: string;
  status: 'booked' | 'completed' | 'cancelled' | 'no_show';
  source: string;
  notes: string | null;
  cancellation_reason: string | null;
}

export interface Treatment {
  id: string;
  name: Record<string, string>;
  duration_minutes: number;
}

export interface PatientConversation {
  id: string;
  user_phone: string | null;
  profile_name: string | null;
  patient_id: string | null;
  last_message_at: string | null;
  handed_off_at: string | null;
  unread: boolean;
  opted_out: boolean;
}

export interface Message {
  id: string;
  conversation_id: string;
  direction: 'in' | 'out';
  type: string;
  text: string | null;
  media: { status: string; mime_type: string | null } | null;
  status: string;
  sent_by: 'assistant' | 'staff' | null;
  created_at: string;
}

export interface PatientErasure {
  patient_id: string;
  erased_at: string;
  appointments_kept_without_identity: number;
}

export interface AuditEntry {
  id: string;
  occurred_at: string;
  action: string;
  actor_user_id: string | null;
  actor_role: string | null;
  clinic_id: string | null;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  request_id: string | null;
}

export interface BookingSettings {
  slot_interval_minutes: number;
  minimum_notice_minutes: number;
  booking_horizon_days: number;
  reminder_hours_before: number;
  default_phone_country: string;
  handoff_quiet_minutes: number;
}

/** GET /api/clinics/:clinicId: the profile with its booking settings. */
export interface ClinicWithSettings {
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
  updated_at: string;
  settings: BookingSettings;
}
