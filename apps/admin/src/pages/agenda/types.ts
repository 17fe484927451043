/** The API's shapes the agenda screens read (see /api/docs), beyond the shared ones in api/types.ts. */
import type { Appointment, Conversation, Practitioner } from '../../api/types';

export type LocalizedName = Record<string, string>;

export interface Treatment {
  id: string;
  name: LocalizedName;
  duration_minutes: number;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
  is_active: boolean;
}

export interface OfferedTreatment {
  treatment_id: string;
  name: LocalizedName;
  duration_minutes: number;
  is_active: boolean;
}

export interface WorkingRange {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** HH:mm, local time in the clinic's zone. */
  start: string;
  /** HH:mm; 24:00 for the end of the day. */
  end: string;
}

export interface PractitionerDetail extends Practitioner {
  treatments: OfferedTreatment[];
  working_hours: WorkingRange[];
}

export interface AppointmentDetail extends Appointment {
  notes: string | null;
  cancellation_reason: string | null;
  reschedule_count: number;
}

export interface Slot {
  start: string;
  end: string;
  practitioner_ids: string[];
}

export interface SlotsAnswer {
  time_zone: string;
  treatment_id: string;
  from: string;
  to: string;
  slots: Slot[];
  unavailable_practitioner_ids: string[];
}

export interface Patient {
  id: string;
  first_name: string | null;
  last_name: string | null;
  phone: string;
  email: string | null;
  birth_date: string | null;
}

export interface ConversationDetail extends Conversation {
  wa_id: string | null;
  current_state: string;
  detected_language: string | null;
  last_inbound_at: string | null;
  handed_off_by: 'patient' | 'staff' | null;
  opted_out: boolean;
  created_at: string;
}

export interface MessageMedia {
  status: 'pending' | 'stored' | 'rejected' | 'failed';
  mime_type: string | null;
  size: number | null;
  download_path: string | null;
}

export interface Message {
  id: string;
  conversation_id: string;
  direction: 'in' | 'out';
  type: string;
  text: string | null;
  payload: Record<string, unknown>;
  media: MessageMedia | null;
  status: 'received' | 'processed' | 'queued' | 'sent' | 'delivered' | 'read' | 'failed';
  error: Record<string, unknown> | null;
  sent_by: 'assistant' | 'staff' | null;
  whatsapp_timestamp: string | null;
  created_at: string;
}

/** What a refused booking or reschedule (409 SLOT_TAKEN, 422 SLOT_NOT_OFFERED) proposes instead. */
export interface SlotRefusalDetails {
  alternatives?: Slot[];
}

export const patientName = (p: Pick<Patient, 'first_name' | 'last_name'>): string => [p.first_name, p.last_name].filter(Boolean).join(' ');

/** A treatment's name in the dashboard's language, else French, else any. */
export function nameIn(name: LocalizedName | undefined, language: string): string {
  if (!name) return '—';
  return name[language] ?? name.fr ?? Object.values(name)[0] ?? '—';
}
