import type { OutboundContent } from '@sophie/whatsapp';
import type { Language } from '../i18n/languages';

/** Every state of a conversation with the assistant. Transitions are written out in the flows. */
export type AssistantState =
  | 'IDLE'
  | 'MENU'
  | 'LANGUAGE'
  | 'BOOK_TREATMENT'
  | 'BOOK_PRACTITIONER'
  | 'BOOK_SLOT'
  | 'BOOK_DAY'
  | 'REG_FIRST_NAME'
  | 'REG_LAST_NAME'
  | 'REG_BIRTH_DATE'
  | 'REG_EMAIL'
  | 'REG_INSURANCE'
  | 'REG_INSURANCE_TYPE'
  | 'REG_BENEFICIARY'
  | 'REG_CARD'
  | 'BOOK_CONFIRM'
  | 'APPTS_LIST'
  | 'APPT_ACTIONS'
  | 'APPT_CANCEL_CONFIRM';

/** A patient's details gathered before their first booking. */
export interface RegistrationDraft {
  firstName?: string;
  lastName?: string;
  birthDate?: string;
  email?: string | null;
  hasSocialInsurance?: boolean;
  socialInsuranceType?: string | null;
  beneficiaryNumber?: string | null;
  insuranceCardMessageId?: string | null;
}

/** What the assistant remembers between messages (stored as the conversation's `context_data`). */
export interface AssistantContext {
  treatmentId?: string;
  /** Absent: first available. */
  practitionerId?: string;
  /** ISO instant of the chosen slot. */
  slot?: string;
  /** The practitioner who is free at the chosen slot (shown in the summary when "first available" was asked). */
  slotPractitionerId?: string;
  /** The offered slots' page starts here (ISO instant). */
  slotsFrom?: string;
  /** "Later times" shows slots from here (ISO instant). */
  slotsNext?: string;
  /** A day (and time or part of day) the patient asked for in free text, local to the clinic. */
  wish?: { date: string; time: string | null; partOfDay: 'morning' | 'afternoon' | 'evening' | null };
  /** Set while moving an existing appointment. */
  rescheduleId?: string;
  /** The appointment the patient picked in "my appointments". */
  appointmentId?: string;
  registration?: RegistrationDraft;
}

/** What the patient sent, reduced to what the engine reads. */
export type EngineInput =
  | { readonly kind: 'text'; readonly text: string }
  /** A tap on a reply button or list row: our own id. */
  | { readonly kind: 'choice'; readonly id: string; readonly title: string }
  | { readonly kind: 'media'; readonly mediaType: string; readonly messageId: string; readonly stored: boolean; readonly caption: string | null }
  | { readonly kind: 'other'; readonly type: string };

/** The conversation as the engine sees it. */
export interface EngineConversation {
  readonly state: AssistantState;
  readonly context: AssistantContext;
  readonly language: Language;
  /** The language was chosen by the patient: detection no longer changes it. */
  readonly languageChosen: boolean;
  readonly patientId: string | null;
  /** E.164, when WhatsApp gave it. */
  readonly phone: string | null;
  /** Handed to staff and still within the quiet time: the assistant stays silent. */
  readonly withStaff: boolean;
}

/** What handling one message changes. */
export interface EngineResult {
  readonly state: AssistantState;
  readonly context: AssistantContext;
  readonly language: Language;
  readonly languageChosen: boolean;
  readonly replies: OutboundContent[];
  /** The patient record now linked to the conversation (found by phone or just registered). */
  readonly patientId?: string | null;
  /** The patient asked for the clinic's team. */
  readonly handoff?: boolean;
  /** STOP (true) or START (false). */
  readonly optOut?: boolean;
}

export interface ClinicInfo {
  readonly name: string;
  readonly timezone: string;
  readonly phone: string | null;
  readonly email: string | null;
  readonly address: string | null;
  readonly website: string | null;
  readonly openingHours: string | null;
  readonly emergencyMessage: string | null;
  readonly onboardingFormUrl: string | null;
  readonly defaultLanguage: string;
}

export interface OfferedSlot {
  readonly start: Date;
  readonly practitionerIds: readonly string[];
}

export interface UpcomingAppointment {
  readonly id: string;
  readonly start: Date;
  readonly treatmentId: string;
  readonly treatmentName: Record<string, string>;
  readonly practitionerId: string;
  readonly practitionerName: string;
}

export type BookingOutcome = { readonly ok: true; readonly start: Date; readonly practitionerId: string } | { readonly ok: false; readonly reason: 'taken' | 'not_offered' };

/**
 * What the engine needs from the clinic's domains. The Nest implementation calls the real services inside the
 * clinic's tenant scope; engine tests give plain objects.
 */
export interface AssistantPorts {
  clinic(): Promise<ClinicInfo>;
  treatments(): Promise<Array<{ id: string; name: Record<string, string> }>>;
  /** Active practitioners offering the treatment, with display names. */
  practitioners(treatmentId: string): Promise<Array<{ id: string; name: string }>>;
  /** Free start times, nearest first. `excludeAppointmentId` frees an appointment being moved. */
  slots(query: { treatmentId: string; practitionerId?: string; from: Date; to: Date; excludeAppointmentId?: string }): Promise<OfferedSlot[]>;
  patientByPhone(phone: string): Promise<{ id: string; firstName: string | null } | null>;
  patientFirstName(patientId: string): Promise<string | null>;
  /** Registers the patient; returns their id (an existing patient with this phone is reused). */
  registerPatient(phone: string, details: RegistrationDraft): Promise<string>;
  book(request: { patientId: string; treatmentId: string; practitionerId?: string; start: Date }): Promise<BookingOutcome>;
  reschedule(appointmentId: string, start: Date): Promise<BookingOutcome>;
  upcoming(patientId: string): Promise<UpcomingAppointment[]>;
  cancel(appointmentId: string): Promise<void>;
  /** Names for display. */
  treatmentName(treatmentId: string): Promise<Record<string, string>>;
  practitionerName(practitionerId: string): Promise<string>;
}
