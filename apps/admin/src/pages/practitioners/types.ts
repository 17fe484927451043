/** The API's shapes the practitioners pages read (libs/practitioners, libs/calendar). */
import type { Practitioner } from '../../api/types';

/** A name in each language the clinic writes it in: ISO 639-1 code → text. */
export type LocalizedName = Record<string, string>;

export interface Treatment {
  id: string;
  name: LocalizedName;
  duration_minutes: number;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
  is_active: boolean;
  created_at: string;
  updated_at: string;
}

export interface TreatmentInput {
  name: LocalizedName;
  duration_minutes: number;
  buffer_before_minutes: number;
  buffer_after_minutes: number;
}

/** A treatment a practitioner offers, with the duration that applies to them. */
export interface OfferedTreatment {
  treatment_id: string;
  name: LocalizedName;
  duration_minutes: number;
  custom_duration_minutes: number | null;
  treatment_duration_minutes: number;
  is_active: boolean;
}

/** One working range, local wall-clock time of the clinic. */
export interface WorkingRange {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  start: string;
  end: string;
}

export interface PractitionerDetail extends Practitioner {
  created_at: string;
  updated_at: string;
  treatments: OfferedTreatment[];
  working_hours: WorkingRange[];
}

export interface PractitionerInput {
  first_name?: string | null;
  last_name?: string;
  specialty?: string | null;
  google_calendar_id?: string;
  is_active?: boolean;
}

export interface Closure {
  id: string;
  /** Null: the whole clinic is closed. */
  practitioner_id: string | null;
  starts_on: string;
  ends_on: string;
  start_time: string | null;
  end_time: string | null;
  whole_days: boolean;
  reason: string | null;
  created_at: string;
}

export interface ClosureInput {
  practitioner_id: string;
  starts_on: string;
  ends_on: string;
  start_time?: string;
  end_time?: string;
  reason?: string;
}

export type CalendarStatus = 'not_configured' | 'not_connected' | 'connected' | 'needs_reconnect';

export interface CalendarState {
  status: CalendarStatus;
  account_email: string | null;
  calendar_id: string | null;
  needs_reconnect_since: string | null;
  events_pending: number;
  events_failed: number;
  last_sync_error: string | null;
}

export interface CalendarConnect {
  authorization_url: string;
  expires_at: string;
}

/** How Google's return ended, as /oauth/callback tells the practitioner page (`?calendar=`). */
export const CALENDAR_OUTCOMES = ['connected', 'denied', 'missing_scopes', 'failed'] as const;
export type CalendarOutcome = (typeof CALENDAR_OUTCOMES)[number];
