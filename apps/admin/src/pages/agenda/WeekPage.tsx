import { useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { get, query } from '../../api/client';
import { practitionerName, type PageOf, type Practitioner } from '../../api/types';
import { Empty, ErrorState, Field, Loading, Page } from '../../ui/components';
import { AppointmentDialog } from './AppointmentDialog';
import { BookDialog } from './BookDialog';
import { useClinic } from './shared';
import { nameIn, type AppointmentDetail, type PractitionerDetail, type Slot, type SlotsAnswer, type Treatment } from './types';
import { WeekGrid } from './WeekGrid';
import './agenda.css';

/** How often the week refreshes itself (bookings also arrive through WhatsApp). */
const REFRESH_MS = 20_000;

type Dialog = { kind: 'book'; slot: Slot } | { kind: 'appointment'; appointment: AppointmentDetail } | null;

/** The week calendar of one practitioner: appointments, free slots for a treatment, booking from a free slot. */
export function WeekPage() {
  const { t, i18n } = useTranslation();
  const { clinicId = '' } = useParams();
  const base = `/api/clinics/${clinicId}`;
  const [params, setParams] = useSearchParams();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [showCancelled, setShowCancelled] = useState(false);

  const clinic = useClinic(clinicId);
  const zone = clinic.data?.timezone ?? null;
  const practitioners = useQuery({
    queryKey: ['practitioners', clinicId, 'active'],
    queryFn: () => get<PageOf<Practitioner>>(`${base}/practitioners?active=true&limit=200`),
  });
  const practitionerId = params.get('practitioner') ?? practitioners.data?.items[0]?.id ?? null;
  const practitioner = useQuery({
    queryKey: ['practitioners', clinicId, 'detail', practitionerId],
    enabled: practitionerId !== null,
    queryFn: () => get<PractitionerDetail>(`${base}/practitioners/${practitionerId}`),
  });
  const treatments = useQuery({ queryKey: ['treatments', clinicId, 'all'], queryFn: () => get<PageOf<Treatment>>(`${base}/treatments?limit=200`) });
  const offered = (practitioner.data?.treatments ?? []).filter((o) => o.is_active);
  const asked = params.get('treatment');
  const treatmentId = offered.find((o) => o.treatment_id === asked)?.treatment_id ?? offered[0]?.treatment_id ?? null;

  const weekStart = zone ? weekOf(params.get('week'), zone) : null;
  const weekKey = weekStart?.toISODate() ?? null;
  const from = weekStart?.toISO() ?? undefined;
  const to = weekStart?.plus({ weeks: 1 }).toISO() ?? undefined;

  const appointments = useQuery({
    queryKey: ['appointments', clinicId, 'week', practitionerId, weekKey],
    enabled: practitionerId !== null && weekStart !== null,
    refetchInterval: REFRESH_MS,
    queryFn: () => get<PageOf<AppointmentDetail>>(`${base}/appointments${query({ practitioner_id: practitionerId, from, to, limit: 200 })}`),
  });
  const slots = useQuery({
    queryKey: ['slots', clinicId, practitionerId, treatmentId, weekKey],
    enabled: practitionerId !== null && treatmentId !== null && weekStart !== null,
    refetchInterval: REFRESH_MS,
    queryFn: () => get<SlotsAnswer>(`${base}/slots${query({ treatmentId, practitionerId, from, to })}`),
  });

  const visible = (appointments.data?.items ?? []).filter((a) => showCancelled || a.status !== 'cancelled');
  const names = new Map(visible.flatMap((a) => (a.patient_id && a.patient_name ? [[a.patient_id, a.patient_name] as const] : [])));
  const treatmentNames = new Map((treatments.data?.items ?? []).map((tr) => [tr.id, nameIn(tr.name, i18n.language)]));

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null) next.delete(key);
    else next.set(key, value);
    setParams(next, { replace: true });
  };
  const moveWeek = (weeks: number | null) => {
    if (!weekStart || !zone) return;
    setParam('week', weeks === null ? null : (weekStart.plus({ weeks }).toISODate() ?? null));
  };

  if (clinic.isPending || practitioners.isPending) return <Loading />;
  if (clinic.isError) return <ErrorState error={clinic.error} retry={() => void clinic.refetch()} />;
  if (practitioners.isError) return <ErrorState error={practitioners.error} retry={() => void practitioners.refetch()} />;
  const clinicZone = clinic.data.timezone;
  const title = t('agenda.weekTitle');
  if (practitioners.data.items.length === 0) {
    return (
      <Page title={title}>
        <Empty>{t('agenda.noPractitioners')}</Empty>
      </Page>
    );
  }
  const week = weekStart ?? weekOf(null, clinicZone);
  const weekLabel = `${week.setLocale(i18n.language).toLocaleString({ day: 'numeric', month: 'long' })} – ${week.plus({ days: 6 }).setLocale(i18n.language).toLocaleString(DateTime.DATE_FULL)}`;
  const chosenTreatment = offered.find((o) => o.treatment_id === treatmentId);

  return (
    <Page title={title}>
      <div className="agenda-toolbar panel">
        <Field label={t('agenda.practitioner')}>
          {(id) => (
            <select id={id} value={practitionerId ?? ''} onChange={(event) => setParam('practitioner', event.target.value)}>
              {practitioners.data.items.map((p) => (
                <option key={p.id} value={p.id}>
                  {practitionerName(p)}
                  {p.specialty ? ` · ${p.specialty}` : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('agenda.treatment')} hint={offered.length === 0 && practitioner.data ? t('agenda.noTreatments') : undefined}>
          {(id) => (
            <select id={id} value={treatmentId ?? ''} disabled={offered.length === 0} onChange={(event) => setParam('treatment', event.target.value)}>
              {offered.map((o) => (
                <option key={o.treatment_id} value={o.treatment_id}>
                  {nameIn(o.name, i18n.language)} ({t('agenda.minutes', { count: o.duration_minutes })})
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="agenda-weeknav" role="group" aria-label={t('agenda.weekNav')}>
          <button type="button" onClick={() => moveWeek(-1)} aria-label={t('agenda.previousWeek')}>
            ‹
          </button>
          <button type="button" onClick={() => moveWeek(null)}>
            {t('agenda.thisWeek')}
          </button>
          <button type="button" onClick={() => moveWeek(1)} aria-label={t('agenda.nextWeek')}>
            ›
          </button>
          <strong aria-live="polite">{weekLabel}</strong>
        </div>
        <label className="agenda-check">
          <input type="checkbox" checked={showCancelled} onChange={(event) => setShowCancelled(event.target.checked)} />
          {t('agenda.showCancelled')}
        </label>
      </div>

      {practitioner.isError ? <ErrorState error={practitioner.error} retry={() => void practitioner.refetch()} /> : null}
      {appointments.isError ? <ErrorState error={appointments.error} retry={() => void appointments.refetch()} /> : null}
      {slots.isError ? <ErrorState error={slots.error} retry={() => void slots.refetch()} /> : null}
      {practitioner.isPending || appointments.isPending ? <Loading /> : null}
      {practitioner.data && appointments.data ? (
        <>
          <p className="agenda-legend">
            <span className="agenda-key agenda-key-free" /> {t('agenda.legendFree')}
            <span className="agenda-key agenda-key-booked" /> {t('agenda.legendBooked')}
            {slots.data && slots.data.slots.length === 0 ? <span className="agenda-note"> · {t('agenda.noSlots')}</span> : null}
            {slots.data?.unavailable_practitioner_ids.includes(practitioner.data.id) ? <span className="badge warn">{t('agenda.calendarUnreadable')}</span> : null}
          </p>
          <WeekGrid
            zone={clinicZone}
            weekStart={week}
            hours={practitioner.data.working_hours}
            appointments={visible}
            slots={slots.data?.slots ?? []}
            patientNames={names}
            treatmentNames={treatmentNames}
            onSlot={(slot) => setDialog({ kind: 'book', slot })}
            onAppointment={(appointment) => setDialog({ kind: 'appointment', appointment })}
          />
        </>
      ) : null}

      {dialog?.kind === 'book' && practitioner.data && chosenTreatment ? (
        <BookDialog
          clinicId={clinicId}
          zone={clinicZone}
          slot={dialog.slot}
          practitioner={practitioner.data}
          treatment={chosenTreatment}
          onSlot={(slot) => setDialog({ kind: 'book', slot })}
          onClose={() => setDialog(null)}
        />
      ) : null}
      {dialog?.kind === 'appointment' && practitioner.data ? (
        <AppointmentDialog
          clinicId={clinicId}
          zone={clinicZone}
          appointment={dialog.appointment}
          practitioner={practitioner.data}
          treatmentName={treatmentNames.get(dialog.appointment.treatment_id) ?? '—'}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </Page>
  );
}

/** The Monday starting the week of `date` (yyyy-MM-dd) in the clinic's zone; this week when absent or invalid. */
function weekOf(date: string | null, zone: string): DateTime {
  const day = date ? DateTime.fromISO(date, { zone }) : DateTime.now().setZone(zone);
  return (day.isValid ? day : DateTime.now().setZone(zone)).startOf('week');
}
