import { DateTime } from 'luxon';
import type { TestApp } from './test-app';

/** Every weekday 09:00–12:00 and 14:00–17:00. */
export const OFFICE_HOURS = [1, 2, 3, 4, 5, 6, 7].flatMap((weekday) => [
  { weekday, start: '09:00', end: '12:00' },
  { weekday, start: '14:00', end: '17:00' },
]);

/** A treatment: 30 minutes, 10 minutes of clean-up after. */
export async function createTreatment(api: TestApp, base: string, token: string): Promise<string> {
  const res = await api.post<{ id: string }>(`${base}/treatments`, { name: { fr: 'Détartrage', en: 'Scaling' }, duration_minutes: 30, buffer_before_minutes: 0, buffer_after_minutes: 10 }, token);
  if (res.status !== 201) throw new Error(`treatment: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** A practitioner working OFFICE_HOURS who offers `treatmentId`. */
export async function createPractitioner(api: TestApp, base: string, token: string, lastName: string, treatmentId: string): Promise<string> {
  const res = await api.post<{ id: string }>(`${base}/practitioners`, { first_name: 'Dr', last_name: lastName, specialty: 'Dentist' }, token);
  if (res.status !== 201) throw new Error(`practitioner: ${res.status} ${JSON.stringify(res.body)}`);
  const hours = await api.request('PUT', `${base}/practitioners/${res.body.id}/working-hours`, { token, body: { ranges: OFFICE_HOURS } });
  const offers = await api.request('PUT', `${base}/practitioners/${res.body.id}/treatments`, { token, body: { treatments: [{ treatment_id: treatmentId }] } });
  if (hours.status !== 200 || offers.status !== 200) throw new Error(`practitioner setup: ${hours.status} ${offers.status}`);
  return res.body.id;
}

/** A local date some days ahead in `zone` (past the minimum notice, within the horizon). */
export function dayAhead(days: number, zone: string): string {
  return DateTime.now().setZone(zone).plus({ days }).toISODate() ?? '';
}

/** `HH:mm` on a local date, written as the API writes instants. */
export function localInstant(day: string, time: string, zone: string): string {
  return DateTime.fromISO(`${day}T${time}`, { zone }).toISO({ suppressMilliseconds: true }) ?? '';
}
