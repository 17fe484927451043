import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { del } from '../../api/client';
import { Field, FormError } from '../../ui/components';
import type { Patient, PatientErasure } from './types';

const normalized = (text: string): string => text.trim().toLocaleLowerCase();

/**
 * Erasure (right to be forgotten) behind a typed confirmation: the patient's last name, or the word ERASE (or its
 * French EFFACER). It cannot be undone: the record, conversations and messages go; appointments stay without identity.
 */
export function EraseSection({ clinicId, patient, onErased }: { clinicId: string; patient: Patient; onErased: (erasure: PatientErasure) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const erase = useMutation({
    mutationFn: () => del<PatientErasure>(`/api/clinics/${clinicId}/patients/${patient.id}`),
    onSuccess: onErased,
  });
  const accepted = [patient.last_name, 'ERASE', 'EFFACER'].filter((w): w is string => Boolean(w)).map(normalized);
  const confirmed = accepted.includes(normalized(typed));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (confirmed) erase.mutate();
  };

  return (
    <section className="panel patients-panel patients-danger" aria-labelledby="patients-erase">
      <h2 id="patients-erase">{t('patients.erase.title')}</h2>
      <p>{t('patients.erase.explain')}</p>
      {open ? (
        <form onSubmit={submit}>
          <Field label={patient.last_name ? t('patients.erase.confirmName', { name: patient.last_name }) : t('patients.erase.confirmWord')}>
            {(id) => <input id={id} autoComplete="off" autoFocus value={typed} onChange={(event) => setTyped(event.target.value)} />}
          </Field>
          <FormError error={erase.error} />
          <div className="row">
            <button type="submit" className="danger" disabled={!confirmed || erase.isPending}>
              {erase.isPending ? t('app.loading') : t('patients.erase.confirm')}
            </button>
            <button
              type="button"
              onClick={() => {
                setOpen(false);
                setTyped('');
                erase.reset();
              }}
            >
              {t('app.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className="danger" onClick={() => setOpen(true)}>
          {t('patients.erase.button')}
        </button>
      )}
    </section>
  );
}
