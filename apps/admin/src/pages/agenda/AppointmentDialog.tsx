import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post, query } from '../../api/client';
import { practitionerName } from '../../api/types';
import { ErrorState, Field, FormError, Loading } from '../../ui/components';
import { Modal, SlotRefusal, alternativesOf, useClinicTime } from './shared';
import { patientName, type AppointmentDetail, type Patient, type PractitionerDetail, type SlotsAnswer } from './types';

interface AppointmentDialogProps {
  clinicId: string;
  zone: string;
  appointment: AppointmentDetail;
  practitioner: PractitionerDetail;
  treatmentName: string;
  onClose: () => void;
}

type Mode = 'view' | 'cancel' | 'reschedule';

/** One appointment: who, what, when; cancel with a reason, reschedule to a free slot, no-show or completed once started. */
export function AppointmentDialog({ clinicId, zone, appointment: initial, practitioner, treatmentName, onClose }: AppointmentDialogProps) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const { day, time, dateTime } = useClinicTime(zone);
  const base = `/api/clinics/${clinicId}`;
  const [mode, setMode] = useState<Mode>('view');
  const [reason, setReason] = useState('');
  const [date, setDate] = useState(() => DateTime.fromISO(initial.start, { zone }).toISODate() ?? '');
  const [start, setStart] = useState<string | null>(null);

  const current = useQuery({
    queryKey: ['appointments', clinicId, 'one', initial.id],
    initialData: initial,
    queryFn: () => get<AppointmentDetail>(`${base}/appointments/${initial.id}`),
  });
  const appointment = current.data;
  const patient = useQuery({
    queryKey: ['agenda', 'patient', clinicId, appointment.patient_id],
    enabled: appointment.patient_id !== null,
    staleTime: 60_000,
    queryFn: () => get<Patient>(`${base}/patients/${appointment.patient_id}`),
  });
  const freeSlots = useQuery({
    queryKey: ['slots', clinicId, appointment.practitioner_id, appointment.treatment_id, 'day', date],
    enabled: mode === 'reschedule' && date !== '',
    queryFn: () => get<SlotsAnswer>(`${base}/slots${query({ treatmentId: appointment.treatment_id, practitionerId: appointment.practitioner_id, from: date, to: date })}`),
  });

  const refresh = () => Promise.all([queries.invalidateQueries({ queryKey: ['appointments', clinicId] }), queries.invalidateQueries({ queryKey: ['slots', clinicId] })]);
  const action = useMutation({
    mutationFn: (request: { path: string; body?: unknown }) => post<AppointmentDetail>(`${base}/appointments/${appointment.id}/${request.path}`, request.body),
    onSuccess: async (updated) => {
      queries.setQueryData(['appointments', clinicId, 'one', appointment.id], updated);
      await refresh();
      setMode('view');
      setStart(null);
    },
    onError: () => void refresh(),
  });

  const booked = appointment.status === 'booked';
  const started = DateTime.fromISO(appointment.start) <= DateTime.now();
  const cancel = (event: FormEvent) => {
    event.preventDefault();
    action.mutate({ path: 'cancel', body: reason.trim() ? { reason: reason.trim() } : {} });
  };
  const reschedule = (event: FormEvent) => {
    event.preventDefault();
    if (start) action.mutate({ path: 'reschedule', body: { start } });
  };
  const switchTo = (next: Mode) => {
    action.reset();
    setMode(next);
  };

  return (
    <Modal title={t('agenda.appointmentTitle')} onClose={onClose}>
      <dl className="agenda-facts">
        <dt>{t('agenda.patient')}</dt>
        <dd>
          {appointment.patient_id === null ? t('agenda.erasedPatient') : null}
          {patient.isPending && appointment.patient_id !== null ? '…' : null}
          {patient.data ? `${patientName(patient.data) || '—'} · ${patient.data.phone}` : null}
          {patient.isError ? <ErrorState error={patient.error} /> : null}
        </dd>
        <dt>{t('agenda.when')}</dt>
        <dd>
          {day(appointment.start)}, {time(appointment.start)} – {time(appointment.end)}
        </dd>
        <dt>{t('agenda.practitioner')}</dt>
        <dd>{practitionerName(practitioner)}</dd>
        <dt>{t('agenda.treatment')}</dt>
        <dd>{treatmentName}</dd>
        <dt>{t('agenda.status')}</dt>
        <dd>
          <span className={`badge agenda-status-${appointment.status}`}>{t(`appointmentStatus.${appointment.status}`)}</span>
          {appointment.reschedule_count > 0 ? ` · ${t('agenda.rescheduled', { count: appointment.reschedule_count })}` : null}
        </dd>
        <dt>{t('agenda.source')}</dt>
        <dd>{t(`agenda.sources.${appointment.source}`, { defaultValue: appointment.source })}</dd>
        {appointment.notes ? (
          <>
            <dt>{t('agenda.notes')}</dt>
            <dd>{appointment.notes}</dd>
          </>
        ) : null}
        {appointment.cancellation_reason ? (
          <>
            <dt>{t('agenda.reason')}</dt>
            <dd>{appointment.cancellation_reason}</dd>
          </>
        ) : null}
      </dl>

      {booked && mode === 'view' ? (
        <div className="row">
          <button type="button" onClick={() => switchTo('reschedule')}>
            {t('agenda.reschedule')}
          </button>
          <button type="button" className="danger" onClick={() => switchTo('cancel')}>
            {t('agenda.cancelAppointment')}
          </button>
          {started ? (
            <>
              <button type="button" disabled={action.isPending} onClick={() => action.mutate({ path: 'complete' })}>
                {t('agenda.markCompleted')}
              </button>
              <button type="button" disabled={action.isPending} onClick={() => action.mutate({ path: 'no-show' })}>
                {t('agenda.markNoShow')}
              </button>
            </>
          ) : (
            <small className="hint">{t('agenda.closeLater')}</small>
          )}
        </div>
      ) : null}

      {booked && mode === 'cancel' ? (
        <form onSubmit={cancel}>
          <Field label={t('agenda.reason')}>{(id) => <textarea id={id} rows={2} required maxLength={500} autoFocus value={reason} onChange={(event) => setReason(event.target.value)} />}</Field>
          <div className="row">
            <button type="submit" className="danger" disabled={action.isPending}>
              {t('agenda.confirmCancel')}
            </button>
            <button type="button" onClick={() => switchTo('view')}>
              {t('app.back')}
            </button>
          </div>
        </form>
      ) : null}

      {booked && mode === 'reschedule' ? (
        <form onSubmit={reschedule}>
          <Field label={t('agenda.newDate')}>
            {(id) => (
              <input
                id={id}
                type="date"
                required
                value={date}
                onChange={(event) => {
                  setDate(event.target.value);
                  setStart(null);
                }}
              />
            )}
          </Field>
          {freeSlots.isPending && date ? <Loading /> : null}
          {freeSlots.isError ? <ErrorState error={freeSlots.error} retry={() => void freeSlots.refetch()} /> : null}
          {freeSlots.data && freeSlots.data.slots.length === 0 ? <p className="state">{t('agenda.noSlotsThatDay')}</p> : null}
          {freeSlots.data && freeSlots.data.slots.length > 0 ? (
            <fieldset className="agenda-times">
              <legend>{t('agenda.newTime')}</legend>
              {freeSlots.data.slots.map((slot) => (
                <label key={slot.start} className={start === slot.start ? 'agenda-time agenda-time-on' : 'agenda-time'}>
                  <input type="radio" name="agenda-new-time" value={slot.start} checked={start === slot.start} onChange={() => setStart(slot.start)} />
                  {time(slot.start)}
                </label>
              ))}
            </fieldset>
          ) : null}
          {start ? <p>{t('agenda.moveTo', { when: dateTime(start) })}</p> : null}
          <div className="row">
            <button type="submit" className="primary" disabled={!start || action.isPending}>
              {t('agenda.confirmReschedule')}
            </button>
            <button type="button" onClick={() => switchTo('view')}>
              {t('app.back')}
            </button>
          </div>
        </form>
      ) : null}

      <SlotRefusal
        error={action.error}
        zone={zone}
        onPick={(slot) => {
          action.reset();
          setDate(DateTime.fromISO(slot.start, { zone }).toISODate() ?? date);
          setStart(slot.start);
        }}
      />
      {action.error && alternativesOf(action.error) === null ? <FormError error={action.error} /> : null}
    </Modal>
  );
}
