import { useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { get } from '../../api/client';
import type { ClinicWithSettings, Patient } from './types';

/** The clinic's profile and settings (the key other screens use for the same route). */
export function useClinic(clinicId: string) {
  return useQuery({ queryKey: ['clinic', clinicId], queryFn: () => get<ClinicWithSettings>(`/api/clinics/${clinicId}`) });
}

/** "Marie Dupont", or null when the record has no name. */
export function patientName(p: Pick<Patient, 'first_name' | 'last_name'>): string | null {
  return [p.first_name, p.last_name].filter(Boolean).join(' ') || null;
}

/** An instant shown in the clinic's time zone, in the interface's language. */
export function dateTime(iso: string | null | undefined, zone: string, language: string): string {
  if (!iso) return '—';
  const value = DateTime.fromISO(iso, { zone });
  return value.isValid ? value.setLocale(language).toLocaleString(DateTime.DATETIME_MED) : iso;
}

/** A calendar date (birth date: no time zone). */
export function calendarDate(isoDate: string | null | undefined, language: string): string {
  if (!isoDate) return '—';
  const value = DateTime.fromISO(isoDate, { zone: 'UTC' });
  return value.isValid ? value.setLocale(language).toLocaleString(DateTime.DATE_MED) : isoDate;
}

/** Saves JSON as a file through a Blob: the data never goes into a URL the user could share or that history keeps. */
export function downloadJson(data: unknown, fileName: string): void {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(href), 1000);
}
