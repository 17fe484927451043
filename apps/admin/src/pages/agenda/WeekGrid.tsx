import { DateTime } from 'luxon';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppointmentDetail, Slot, WorkingRange } from './types';

/** Vertical scale of the grid. */
const PX_PER_MINUTE = 1.6;
const DEFAULT_STEP = 15;

interface WeekGridProps {
  zone: string;
  /** Monday 00:00 in the clinic's zone. */
  weekStart: DateTime;
  hours: WorkingRange[];
  appointments: AppointmentDetail[];
  slots: Slot[];
  patientNames: Map<string, string>;
  treatmentNames: Map<string, string>;
  onSlot: (slot: Slot) => void;
  onAppointment: (appointment: AppointmentDetail) => void;
}

const minutesOf = (hhmm: string): number => {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
};

/** Monday to Sunday, rows by time within the practitioner's working hours (wall-clock time in the clinic's zone). */
export function WeekGrid({ zone, weekStart, hours, appointments, slots, patientNames, treatmentNames, onSlot, onAppointment }: WeekGridProps) {
  const { t, i18n } = useTranslation();
  const local = (iso: string): DateTime => DateTime.fromISO(iso, { zone }).setLocale(i18n.language);
  const wallMinutes = (dt: DateTime): number => dt.hour * 60 + dt.minute;

  // The rows: from the earliest working start to the latest end, widened to any appointment outside them, whole hours.
  let first = hours.length ? Math.min(...hours.map((r) => minutesOf(r.start))) : 8 * 60;
  let last = hours.length ? Math.max(...hours.map((r) => minutesOf(r.end))) : 18 * 60;
  for (const a of appointments) {
    const start = local(a.start);
    const end = local(a.end);
    first = Math.min(first, wallMinutes(start));
    last = Math.max(last, end.hasSame(start, 'day') ? wallMinutes(end) : 24 * 60);
  }
  first = Math.floor(first / 60) * 60;
  last = Math.min(24 * 60, Math.ceil(last / 60) * 60);
  const height = (last - first) * PX_PER_MINUTE;
  const top = (minutes: number): number => (minutes - first) * PX_PER_MINUTE;

  const days = Array.from({ length: 7 }, (_, i) => weekStart.plus({ days: i }).setLocale(i18n.language));
  const today = DateTime.now().setZone(zone).toISODate();
  const byDay = <T extends { start: string }>(items: T[], day: DateTime): T[] => items.filter((item) => local(item.start).hasSame(day, 'day'));
  const step = slotStep(slots, zone);
  const hourMarks = Array.from({ length: (last - first) / 60 + 1 }, (_, i) => first + i * 60);
  const columns = { '--agenda-height': `${height}px`, '--agenda-hour': `${60 * PX_PER_MINUTE}px` } as CSSProperties;

  return (
    <div className="agenda-week" style={columns}>
      <div className="agenda-corner" aria-hidden="true" />
      {days.map((day) => (
        <div key={day.toISODate()} className={`agenda-dayhead${day.toISODate() === today ? ' agenda-today' : ''}`} aria-hidden="true">
          <span>{day.toLocaleString({ weekday: 'short' })}</span> <strong>{day.toLocaleString({ day: 'numeric', month: 'short' })}</strong>
        </div>
      ))}
      <div className="agenda-axis" aria-hidden="true">
        {hourMarks.map((m) => (
          <span key={m} style={{ top: top(m) }}>
            {DateTime.fromObject({ hour: Math.floor(m / 60) % 24, minute: 0 }).setLocale(i18n.language).toLocaleString(DateTime.TIME_SIMPLE)}
          </span>
        ))}
      </div>
      {days.map((day) => {
        const working = hours.filter((r) => r.weekday === day.weekday);
        const dayAppointments = byDay(appointments, day).sort((a, b) => a.start.localeCompare(b.start));
        const daySlots = byDay(slots, day);
        const label = day.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' });
        return (
          <section key={day.toISODate()} className={`agenda-day${day.toISODate() === today ? ' agenda-today' : ''}`} aria-label={label}>
            {working.map((r) => (
              <div key={`${r.start}-${r.end}`} className="agenda-working" style={{ top: top(minutesOf(r.start)), height: (minutesOf(r.end) - minutesOf(r.start)) * PX_PER_MINUTE }} />
            ))}
            <div className="agenda-lines" />
            {working.length === 0 && dayAppointments.length === 0 ? <span className="agenda-off">{t('agenda.dayOff')}</span> : null}
            {daySlots.map((slot) => {
              const start = local(slot.start);
              return (
                <button
                  key={slot.start}
                  type="button"
                  className="agenda-slot"
                  style={{ top: top(wallMinutes(start)) + 1, height: step * PX_PER_MINUTE - 2 }}
                  aria-label={t('agenda.freeSlotLabel', { day: label, time: start.toLocaleString(DateTime.TIME_SIMPLE) })}
                  onClick={() => onSlot(slot)}
                >
                  {start.toLocaleString(DateTime.TIME_SIMPLE)}
                </button>
              );
            })}
            {dayAppointments.map((a) => {
              const start = local(a.start);
              const end = local(a.end);
              const endMinutes = end.hasSame(start, 'day') ? wallMinutes(end) : 24 * 60;
              const who = a.patient_id ? (patientNames.get(a.patient_id) ?? '…') : t('agenda.erasedPatient');
              const what = treatmentNames.get(a.treatment_id) ?? '';
              const when = `${start.toLocaleString(DateTime.TIME_SIMPLE)}–${end.toLocaleString(DateTime.TIME_SIMPLE)}`;
              return (
                <button
                  key={a.id}
                  type="button"
                  className={`agenda-appt agenda-appt-${a.status}`}
                  style={{ top: top(wallMinutes(start)), height: Math.max(18, (endMinutes - wallMinutes(start)) * PX_PER_MINUTE - 1) }}
                  aria-label={`${when} · ${who} · ${what} · ${t(`appointmentStatus.${a.status}`)}`}
                  onClick={() => onAppointment(a)}
                >
                  <span className="agenda-appt-time">{when}</span> <span className="agenda-appt-who">{who}</span> <span className="agenda-appt-what">{what}</span>
                </button>
              );
            })}
          </section>
        );
      })}
    </div>
  );
}

/** The grid's step: the smallest gap between two free starts of one day (the clinic's slot interval), else 15 minutes. */
function slotStep(slots: Slot[], zone: string): number {
  let step = Infinity;
  for (let i = 1; i < slots.length; i++) {
    const previous = slots[i - 1];
    const current = slots[i];
    if (!previous || !current) continue;
    const a = DateTime.fromISO(previous.start, { zone });
    const b = DateTime.fromISO(current.start, { zone });
    if (!a.hasSame(b, 'day')) continue;
    const gap = b.diff(a, 'minutes').minutes;
    if (gap > 0) step = Math.min(step, gap);
  }
  return Number.isFinite(step) ? Math.max(5, Math.min(60, step)) : DEFAULT_STEP;
}
