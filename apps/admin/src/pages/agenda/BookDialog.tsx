import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useDeferredValue, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { get, post, query } from '../../api/client';
import { practitionerName, type PageOf } from '../../api/types';
import { ErrorState, Field, FormError, Loading } from '../../ui/components';
import { Modal, SlotRefusal, alternativesOf, useClinicTime } from './shared';
import { nameIn, patientName, type AppointmentDetail, type OfferedTreatment, type Patient, type PractitionerDetail, type Slot } from './types';

interface BookDialogProps {
  clinicId: string;
  zone: string;
  slot: Slot;
  practitioner: PractitionerDetail;
  treatment: OfferedTreatment;
  /** Another time chosen (an alternative the API proposed). */
  onSlot: (slot: Slot) => void;
  onClose: () => void;
}

/** Books a free slot for a patient found by name or phone (the search stays in this form, never in the URL). */
export function BookDialog({ clinicId, zone, slot, practitioner, treatment, onSlot, onClose }: BookDialogProps) {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const { day, time } = useClinicTime(zone);
  const base = `/api/clinics/${clinicId}`;
  const [search, setSearch] = useState('');
  const term = useDeferredValue(search.trim());
  const [patient, setPatient] = useState<Patient | null>(null);
  const [notes, setNotes] = useState('');

  const found = useQuery({
    queryKey: ['agenda', 'patient-search', clinicId, term],
    enabled: term.length >= 2,
    staleTime: 30_000,
    queryFn: () => get<PageOf<Patient>>(`${base}/patients${query({ search: term, limit: 10 })}`),
  });
  const book = useMutation({
    mutationFn: (start: string) =>
      post<AppointmentDetail>(`${base}/appointments`, {
        patient_id: patient?.id,
        treatment_id: treatment.treatment_id,
        practitioner_id: practitioner.id,
        start,
        ...(notes.trim() ? { notes: notes.trim() } : {}),
      }),
    onSuccess: async () => {
      await Promise.all([queries.invalidateQueries({ queryKey: ['appointments', clinicId] }), queries.invalidateQueries({ queryKey: ['slots', clinicId] })]);
      onClose();
    },
    // Refused: someone else took the time, so the week shows what changed.
    onError: () => void Promise.all([queries.invalidateQueries({ queryKey: ['appointments', clinicId] }), queries.invalidateQueries({ queryKey: ['slots', clinicId] })]),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (patient) book.mutate(slot.start);
  };

  return (
    <Modal title={t('agenda.bookTitle')} onClose={onClose}>
      <form onSubmit={submit}>
        <dl className="agenda-facts">
          <dt>{t('agenda.when')}</dt>
          <dd>
            {day(slot.start)}, {time(slot.start)} – {time(slot.end)}
          </dd>
          <dt>{t('agenda.practitioner')}</dt>
          <dd>{practitionerName(practitioner)}</dd>
          <dt>{t('agenda.treatment')}</dt>
          <dd>{nameIn(treatment.name, i18n.language)}</dd>
        </dl>
        {patient ? (
          <div className="agenda-chosen">
            <span>
              {t('agenda.patient')} : <strong>{patientName(patient) || patient.phone}</strong> · {patient.phone}
            </span>
            <button type="button" onClick={() => setPatient(null)}>
              {t('agenda.changePatient')}
            </button>
          </div>
        ) : (
          <>
            <Field label={t('agenda.searchPatient')} hint={t('agenda.searchHint')}>
              {(id) => <input id={id} type="search" autoComplete="off" autoFocus value={search} onChange={(event) => setSearch(event.target.value)} />}
            </Field>
            {term.length >= 2 && found.isPending ? <Loading /> : null}
            {found.isError ? <ErrorState error={found.error} retry={() => void found.refetch()} /> : null}
            {found.data && found.data.items.length === 0 ? <p className="state">{t('agenda.noPatientFound')}</p> : null}
            {found.data && found.data.items.length > 0 ? (
              <ul className="agenda-results" aria-label={t('agenda.searchResults')}>
                {found.data.items.map((p) => (
                  <li key={p.id}>
                    <button type="button" onClick={() => setPatient(p)}>
                      <strong>{patientName(p) || '—'}</strong> · {p.phone}
                      {p.birth_date ? ` · ${p.birth_date}` : ''}
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        )}
        <Field label={t('agenda.notes')}>{(id) => <textarea id={id} rows={2} maxLength={2000} value={notes} onChange={(event) => setNotes(event.target.value)} />}</Field>
        <SlotRefusal
          error={book.error}
          zone={zone}
          onPick={(alternative) => {
            book.reset();
            onSlot(alternative);
          }}
        />
        {book.error && alternativesOf(book.error) === null ? <FormError error={book.error} /> : null}
        <div className="row">
          <button className="primary" type="submit" disabled={!patient || book.isPending}>
            {book.isPending ? t('agenda.booking') : t('agenda.book')}
          </button>
          <button type="button" onClick={onClose}>
            {t('app.cancel')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
