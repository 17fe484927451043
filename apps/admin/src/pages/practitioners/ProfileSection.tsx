import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { del, patch } from '../../api/client';
import type { Practitioner } from '../../api/types';
import { Field } from '../../ui/components';
import { ApiFormError, ConfirmButton, Section, keys } from './shared';
import type { PractitionerDetail, PractitionerInput } from './types';

/** The practitioner's profile (names, specialty, which Google calendar), and deactivating or bringing them back. */
export function ProfileSection({ clinicId, practitioner }: { clinicId: string; practitioner: PractitionerDetail }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const initial = {
    first_name: practitioner.first_name ?? '',
    last_name: practitioner.last_name ?? '',
    specialty: practitioner.specialty ?? '',
    google_calendar_id: practitioner.google_calendar_id,
  };
  const [form, setForm] = useState(initial);
  const [saved, setSaved] = useState(false);
  const url = `/api/clinics/${clinicId}/practitioners/${practitioner.id}`;
  const refresh = () => queries.invalidateQueries({ queryKey: keys.practitioners(clinicId) });

  const save = useMutation({
    mutationFn: (body: PractitionerInput) => patch<Practitioner>(url, body),
    onSuccess: async () => {
      setSaved(true);
      await refresh();
    },
  });
  const deactivate = useMutation({ mutationFn: () => del<Practitioner>(url), onSuccess: refresh });
  const status = useMutation({ mutationFn: () => patch<Practitioner>(url, { is_active: true }), onSuccess: refresh });

  const set = (key: keyof typeof form) => (event: { target: { value: string } }) => {
    setSaved(false);
    setForm({ ...form, [key]: event.target.value });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({
      first_name: form.first_name.trim() || null,
      last_name: form.last_name.trim(),
      specialty: form.specialty.trim() || null,
      google_calendar_id: form.google_calendar_id.trim() || 'primary',
    });
  };

  return (
    <Section id="practitioner-profile" title={t('practitioners.profile.title')}>
      <form onSubmit={submit}>
        <div className="practitioners-grid">
          <Field label={t('practitioners.fields.firstName')}>{(id) => <input id={id} maxLength={100} value={form.first_name} onChange={set('first_name')} />}</Field>
          <Field label={t('practitioners.fields.lastName')}>{(id) => <input id={id} required maxLength={100} value={form.last_name} onChange={set('last_name')} />}</Field>
          <Field label={t('practitioners.fields.specialty')}>{(id) => <input id={id} maxLength={120} value={form.specialty} onChange={set('specialty')} />}</Field>
          <Field label={t('practitioners.fields.calendarId')} hint={t('practitioners.fields.calendarIdHint')}>
            {(id) => <input id={id} required maxLength={255} value={form.google_calendar_id} onChange={set('google_calendar_id')} />}
          </Field>
        </div>
        <ApiFormError error={save.error} />
        <div className="row">
          <button className="primary" type="submit" disabled={save.isPending}>
            {t('practitioners.profile.save')}
          </button>
          {saved && !save.isPending ? (
            <span className="practitioners-saved" role="status">
              {t('practitioners.saved')}
            </span>
          ) : null}
        </div>
      </form>
      <div className="practitioners-status-row">
        {practitioner.is_active ? (
          <>
            <p className="hint">{t('practitioners.profile.deactivateHint')}</p>
            <ConfirmButton
              label={t('practitioners.profile.deactivate')}
              question={t('practitioners.profile.deactivateQuestion')}
              confirmLabel={t('practitioners.profile.deactivateConfirm')}
              busy={deactivate.isPending}
              onConfirm={() => deactivate.mutate()}
            />
          </>
        ) : (
          <>
            <p className="hint">{t('practitioners.profile.inactiveHint')}</p>
            <button type="button" onClick={() => status.mutate()} disabled={status.isPending}>
              {t('practitioners.profile.reactivate')}
            </button>
          </>
        )}
        <ApiFormError error={deactivate.error ?? status.error} />
      </div>
    </Section>
  );
}
