import { createHash } from 'node:crypto';
import type { calendar_v3 } from 'googleapis/build/src/apis/calendar';

/**
 * The Google event id of an appointment: its UUID without dashes. Hex digits are a subset of base32hex
 * (`0-9a-v`), 32 characters is within 5-1024, and the same appointment always gets the same id, so a retried
 * insert answers 409 instead of making a second event.
 */
export function eventIdOf(appointmentId: string): string {
  const id = appointmentId.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(id)) throw new Error('An appointment id must be a UUID');
  return id;
}

export interface EventFacts {
  readonly appointmentId: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly timeZone: string;
  readonly treatmentName: string;
  readonly clinicName: string;
  /** The clinic's default language: the event's one line of text is in it. */
  readonly language: string;
}

const NOTE: Readonly<Record<string, string>> = {
  fr: 'Rendez-vous pris avec Sophie. Les informations du patient sont dans le tableau de bord de la clinique.',
  en: 'Appointment booked with Sophie. The patient’s details are in the clinic’s dashboard.',
  de: 'Termin über Sophie gebucht. Die Angaben zum Patienten stehen im Dashboard der Praxis.',
  it: 'Appuntamento prenotato con Sophie. I dati del paziente sono nel pannello della clinica.',
  es: 'Cita reservada con Sophie. Los datos del paciente están en el panel de la clínica.',
};

/**
 * The event as the practitioner sees it: the treatment and the clinic, nothing about the patient or their health
 * beyond the treatment's name (the dashboard has the rest). Busy (opaque), default reminders, and the appointment
 * id in private properties only our client reads.
 */
export function eventBody(facts: EventFacts): calendar_v3.Schema$Event {
  return {
    id: eventIdOf(facts.appointmentId),
    status: 'confirmed',
    summary: `${facts.treatmentName} · ${facts.clinicName}`.slice(0, 250),
    description: NOTE[facts.language] ?? NOTE.en,
    start: { dateTime: facts.startsAt.toISOString(), timeZone: facts.timeZone },
    end: { dateTime: facts.endsAt.toISOString(), timeZone: facts.timeZone },
    transparency: 'opaque',
    visibility: 'private',
    reminders: { useDefault: true },
    extendedProperties: { private: { sophieAppointmentId: facts.appointmentId } },
  };
}

/** A fingerprint of what we write: an unchanged appointment is not written again. */
export function bodyHash(body: calendar_v3.Schema$Event): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

/** Whether an event read back from Google already shows what we would write (after a lost insert answer). */
export function sameEvent(existing: calendar_v3.Schema$Event, wanted: calendar_v3.Schema$Event): boolean {
  const instant = (value: calendar_v3.Schema$EventDateTime | undefined): number => new Date(value?.dateTime ?? '').getTime();
  return (
    existing.status === wanted.status &&
    existing.summary === wanted.summary &&
    existing.description === wanted.description &&
    instant(existing.start) === instant(wanted.start) &&
    instant(existing.end) === instant(wanted.end)
  );
}
