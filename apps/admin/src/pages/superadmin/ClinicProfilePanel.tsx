import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { patch } from '../../api/client';
import { Field, FormError } from '../../ui/components';
import { CLINIC_LANGUAGES, superadminKeys, type ClinicPatch, type ClinicRecord } from './types';
import { dateTimeIn, timeZones } from './util';

/** The profile fields the form edits, as text (empty: not set). */
interface ProfileForm {
  name: string;
  timezone: string;
  default_language: string;
  phone: string;
  address: string;
  email: string;
  website: string;
  opening_hours: string;
  emergency_message: string;
  onboarding_form_url: string;
}

const OPTIONAL = ['phone', 'address', 'email', 'website', 'opening_hours', 'emergency_message', 'onboarding_form_url'] as const;

function formOf(clinic: ClinicRecord): ProfileForm {
  return {
    name: clinic.name,
    timezone: clinic.timezone,
    default_language: clinic.default_language,
    phone: clinic.phone ?? '',
    address: clinic.address ?? '',
    email: clinic.email ?? '',
    website: clinic.website ?? '',
    opening_hours: clinic.opening_hours ?? '',
    emergency_message: clinic.emergency_message ?? '',
    onboarding_form_url: clinic.onboarding_form_url ?? '',
  };
}

/** Only what changed: an emptied optional field is sent as null (cleared). */
function changesOf(clinic: ClinicRecord, form: ProfileForm): ClinicPatch {
  const changes: ClinicPatch = {};
  const name = form.name.trim();
  if (name !== clinic.name) changes.name = name;
  if (form.timezone !== clinic.timezone) changes.timezone = form.timezone;
  if (form.default_language !== clinic.default_language) changes.default_language = form.default_language;
  for (const key of OPTIONAL) {
    const value = form[key].trim();
    if (value !== (clinic[key] ?? '')) changes[key] = value === '' ? null : value;
  }
  return changes;
}

/** A clinic's profile: read, then edited in place (PATCH of the changed fields only); `readOnly` for a tombstone. */
export function ClinicProfilePanel({ clinic, readOnly = false }: { clinic: ClinicRecord; readOnly?: boolean }) {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const [form, setForm] = useState<ProfileForm | null>(null);
  const [saved, setSaved] = useState(false);
  const [zones] = useState(() => timeZones(clinic.timezone));

  const save = useMutation({
    mutationFn: (changes: ClinicPatch) => patch<ClinicRecord>(`/api/superadmin/clinics/${clinic.id}`, changes),
    onSuccess: async (updated) => {
      queries.setQueryData(superadminKeys.clinic(clinic.id), updated);
      setForm(null);
      setSaved(true);
      await Promise.all([queries.invalidateQueries({ queryKey: superadminKeys.all }), queries.invalidateQueries({ queryKey: ['clinic', clinic.id] })]);
    },
  });

  const set = (key: keyof ProfileForm) => (event: { target: { value: string } }) => form && setForm({ ...form, [key]: event.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!form) return;
    const changes = changesOf(clinic, form);
    if (Object.keys(changes).length === 0) {
      setForm(null);
      return;
    }
    save.mutate(changes);
  };
  const edit = () => {
    save.reset();
    setSaved(false);
    setForm(formOf(clinic));
  };
  const shown = (value: string | null): string => (value && value.trim() !== '' ? value : '—');

  return (
    <section className="panel" aria-labelledby="superadmin-profile">
      <div className="superadmin-panel-header">
        <h2 id="superadmin-profile">{t('superadmin.profile.title')}</h2>
        {form || readOnly ? null : (
          <button type="button" onClick={edit}>
            {t('superadmin.profile.edit')}
          </button>
        )}
      </div>
      {saved && !form ? (
        <p className="notice" role="status">
          {t('superadmin.profile.saved')}
        </p>
      ) : null}
      {form ? (
        <form onSubmit={submit} aria-label={t('superadmin.profile.title')}>
          <Field label={t('superadmin.profile.name')}>{(id) => <input id={id} required autoFocus maxLength={200} value={form.name} onChange={set('name')} />}</Field>
          <Field label={t('superadmin.profile.timezone')}>
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
          <Field label={t('superadmin.profile.defaultLanguage')}>
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
          <Field label={t('superadmin.profile.phone')}>{(id) => <input id={id} type="tel" autoComplete="off" value={form.phone} onChange={set('phone')} />}</Field>
          <Field label={t('superadmin.profile.address')}>{(id) => <textarea id={id} rows={2} maxLength={500} value={form.address} onChange={set('address')} />}</Field>
          <Field label={t('superadmin.profile.email')}>{(id) => <input id={id} type="email" autoComplete="off" value={form.email} onChange={set('email')} />}</Field>
          <Field label={t('superadmin.profile.website')}>{(id) => <input id={id} type="url" placeholder="https://" value={form.website} onChange={set('website')} />}</Field>
          <Field label={t('superadmin.profile.openingHours')} hint={t('superadmin.profile.openingHoursHint')}>
            {(id) => <input id={id} maxLength={1000} value={form.opening_hours} onChange={set('opening_hours')} />}
          </Field>
          <Field label={t('superadmin.profile.emergencyMessage')} hint={t('superadmin.profile.emergencyMessageHint')}>
            {(id) => <textarea id={id} rows={3} maxLength={1000} value={form.emergency_message} onChange={set('emergency_message')} />}
          </Field>
          <Field label={t('superadmin.profile.onboardingFormUrl')}>
            {(id) => <input id={id} type="url" placeholder="https://" value={form.onboarding_form_url} onChange={set('onboarding_form_url')} />}
          </Field>
          <FormError error={save.error} />
          <div className="row">
            <button className="primary" type="submit" disabled={save.isPending}>
              {save.isPending ? t('superadmin.saving') : t('app.save')}
            </button>
            <button type="button" onClick={() => setForm(null)} disabled={save.isPending}>
              {t('app.cancel')}
            </button>
          </div>
        </form>
      ) : (
        <dl className="superadmin-facts">
          <dt>{t('superadmin.profile.name')}</dt>
          <dd>{clinic.name}</dd>
          <dt>{t('superadmin.profile.timezone')}</dt>
          <dd>{clinic.timezone}</dd>
          <dt>{t('superadmin.profile.defaultLanguage')}</dt>
          <dd>{t(`languages.${clinic.default_language}`, { defaultValue: clinic.default_language })}</dd>
          <dt>{t('superadmin.profile.phone')}</dt>
          <dd>{shown(clinic.phone)}</dd>
          <dt>{t('superadmin.profile.address')}</dt>
          <dd className="superadmin-multiline">{shown(clinic.address)}</dd>
          <dt>{t('superadmin.profile.email')}</dt>
          <dd>{shown(clinic.email)}</dd>
          <dt>{t('superadmin.profile.website')}</dt>
          <dd>{clinic.website ? <a href={clinic.website} target="_blank" rel="noreferrer noopener">{clinic.website}</a> : '—'}</dd>
          <dt>{t('superadmin.profile.openingHours')}</dt>
          <dd className="superadmin-multiline">{shown(clinic.opening_hours)}</dd>
          <dt>{t('superadmin.profile.emergencyMessage')}</dt>
          <dd className="superadmin-multiline">{shown(clinic.emergency_message)}</dd>
          <dt>{t('superadmin.profile.onboardingFormUrl')}</dt>
          <dd>{shown(clinic.onboarding_form_url)}</dd>
          <dt>{t('superadmin.profile.createdAt')}</dt>
          <dd>{dateTimeIn(clinic.created_at, clinic.timezone, i18n.language)}</dd>
          <dt>{t('superadmin.profile.schemaVersion')}</dt>
          <dd>{shown(clinic.schema_version)}</dd>
        </dl>
      )}
    </section>
  );
}
