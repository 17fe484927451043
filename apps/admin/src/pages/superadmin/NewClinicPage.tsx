import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { post } from '../../api/client';
import type { Clinic } from '../../api/types';
import { Field, FormError, Page } from '../../ui/components';

const CLINIC_LANGUAGES = ['fr', 'en', 'de', 'it', 'es'] as const;

/** Every IANA zone the browser knows, the browser's own first. */
function timeZones(): string[] {
  const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [own];
  return [own, ...all.filter((zone) => zone !== own)];
}

interface ClinicForm {
  name: string;
  timezone: string;
  phone: string;
  address: string;
  email: string;
  website: string;
  opening_hours: string;
  emergency_message: string;
  default_language: string;
}

/** The seed's form: name, time zone, phone, address, e-mail, website, opening hours, emergency message, language. */
export function NewClinicPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [zones] = useState(timeZones);
  const [form, setForm] = useState<ClinicForm>({
    name: '',
    timezone: zones[0] ?? 'Europe/Paris',
    phone: '',
    address: '',
    email: '',
    website: '',
    opening_hours: '',
    emergency_message: '',
    default_language: 'fr',
  });
  const create = useMutation({
    mutationFn: () => post<Clinic>('/api/superadmin/clinics', Object.fromEntries(Object.entries(form).filter(([, value]: [string, string]) => value.trim() !== ''))),
    onSuccess: async (clinic) => {
      await queries.invalidateQueries({ queryKey: ['superadmin'] });
      // Back to the list (the new clinic in it), which offers to open the clinic's page to finish setting it up.
      void navigate('/superadmin/clinics', { state: { created: clinic.name, createdId: clinic.id } });
    },
  });
  const set = (key: keyof ClinicForm) => (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };

  return (
    <Page title={t('newClinic.title')}>
      <form className="panel" onSubmit={submit}>
        <Field label={t('newClinic.name')}>{(id) => <input id={id} required maxLength={200} value={form.name} onChange={set('name')} />}</Field>
        <Field label={t('newClinic.timezone')}>
          {(id) => (
            <select id={id} value={form.timezone} onChange={set('timezone')}>
              {zones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('newClinic.phone')}>{(id) => <input id={id} type="tel" value={form.phone} onChange={set('phone')} />}</Field>
        <Field label={t('newClinic.address')}>{(id) => <textarea id={id} rows={2} value={form.address} onChange={set('address')} />}</Field>
        <Field label={t('newClinic.email')}>{(id) => <input id={id} type="email" value={form.email} onChange={set('email')} />}</Field>
        <Field label={t('newClinic.website')}>{(id) => <input id={id} type="url" placeholder="https://" value={form.website} onChange={set('website')} />}</Field>
        <Field label={t('newClinic.openingHours')} hint={t('newClinic.openingHoursHint')}>
          {(id) => <input id={id} value={form.opening_hours} onChange={set('opening_hours')} />}
        </Field>
        <Field label={t('newClinic.emergencyMessage')}>{(id) => <textarea id={id} rows={3} value={form.emergency_message} onChange={set('emergency_message')} />}</Field>
        <Field label={t('newClinic.defaultLanguage')}>
          {(id) => (
            <select id={id} value={form.default_language} onChange={set('default_language')}>
              {CLINIC_LANGUAGES.map((language) => (
                <option key={language} value={language}>
                  {t(`languages.${language}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <FormError error={create.error} />
        <div className="row">
          <button className="primary" type="submit" disabled={create.isPending}>
            {t('app.create')}
          </button>
          <button type="button" onClick={() => void navigate(-1)}>
            {t('app.cancel')}
          </button>
        </div>
      </form>
    </Page>
  );
}
