import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { patch } from '../../api/client';
import { ErrorState, Field, FormError, Loading, Page } from '../../ui/components';
import { useClinic } from './format';
import type { BookingSettings, ClinicWithSettings } from './types';
import './patients.css';

const CLINIC_LANGUAGES = ['fr', 'en', 'de', 'it', 'es'] as const;
/** Countries offered for phone numbers typed without +prefix (the clinic's current one is always offered). */
const COUNTRIES = ['FR', 'BE', 'CH', 'LU', 'MC', 'DE', 'AT', 'IT', 'ES', 'PT', 'NL', 'GB', 'IE', 'CA', 'US', 'MA', 'DZ', 'TN', 'SN', 'CI', 'RE', 'GP', 'MQ', 'GF', 'YT', 'NC', 'PF'];
const PROFILE_FIELDS = ['name', 'phone', 'address', 'email', 'website', 'opening_hours', 'emergency_message', 'default_language'] as const;
const NUMBER_FIELDS = [
  ['slot_interval_minutes', 5, 240],
  ['minimum_notice_minutes', 0, 20160],
  ['booking_horizon_days', 1, 365],
  ['reminder_hours_before', 0, 168],
  ['handoff_quiet_minutes', 5, 10080],
] as const;

type Profile = Record<(typeof PROFILE_FIELDS)[number], string>;
type Numbers = Record<(typeof NUMBER_FIELDS)[number][0], string>;
interface FormState extends Profile, Numbers {
  default_phone_country: string;
}

function stateOf(clinic: ClinicWithSettings): FormState {
  const profile = Object.fromEntries(PROFILE_FIELDS.map((key) => [key, clinic[key] ?? ''])) as Profile;
  const numbers = Object.fromEntries(NUMBER_FIELDS.map(([key]) => [key, String(clinic.settings[key])])) as Numbers;
  return { ...profile, ...numbers, default_phone_country: clinic.settings.default_phone_country };
}

/** Only what changed; an emptied optional profile field is sent as null (cleared). */
function bodyOf(form: FormState, clinic: ClinicWithSettings): Record<string, unknown> {
  const start = stateOf(clinic);
  const body: Record<string, unknown> = {};
  for (const key of PROFILE_FIELDS) {
    const value = form[key].trim();
    if (value !== start[key]) body[key] = value || null;
  }
  const settings: Partial<BookingSettings> = {};
  for (const [key] of NUMBER_FIELDS) if (form[key] !== start[key]) settings[key] = Number(form[key]);
  if (form.default_phone_country !== start.default_phone_country) settings.default_phone_country = form.default_phone_country;
  if (Object.keys(settings).length > 0) body.settings = settings;
  return body;
}

/** The clinic's profile and booking settings, edited by its admin. */
export function SettingsPage() {
  const { t } = useTranslation();
  const { clinicId = '' } = useParams();
  const clinic = useClinic(clinicId);
  if (clinic.isPending) return <Loading />;
  if (clinic.isError) return <ErrorState error={clinic.error} retry={() => void clinic.refetch()} />;
  // The form starts from what the API holds; after a save it already shows the saved values.
  return (
    <Page title={t('patients.settings.title')}>
      <SettingsForm key={clinic.data.id} clinic={clinic.data} />
    </Page>
  );
}

function SettingsForm({ clinic }: { clinic: ClinicWithSettings }) {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const [form, setForm] = useState<FormState>(() => stateOf(clinic));
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => patch<ClinicWithSettings>(`/api/clinics/${clinic.id}`, body),
    onSuccess: async (updated) => {
      queries.setQueryData(['clinic', clinic.id], updated);
      await queries.invalidateQueries({ queryKey: ['clinic', clinic.id] });
    },
  });
  const set = (key: keyof FormState) => (event: { target: { value: string } }) => {
    setSaved(false);
    setForm({ ...form, [key]: event.target.value });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = bodyOf(form, clinic);
    if (Object.keys(body).length === 0) {
      setSaved(true);
      return;
    }
    save.mutate(body, { onSuccess: () => setSaved(true) });
  };
  const regions = new Intl.DisplayNames([i18n.language], { type: 'region' });
  const countries = COUNTRIES.includes(form.default_phone_country) ? COUNTRIES : [form.default_phone_country, ...COUNTRIES];
  const text = (key: keyof Profile, type = 'text', extra: { required?: boolean; maxLength?: number; placeholder?: string } = {}) =>
    (id: string) => <input id={id} type={type} value={form[key]} onChange={set(key)} {...extra} />;

  return (
    <form onSubmit={submit}>
      {saved ? (
        <p className="notice" role="status">
          {t('patients.settings.saved')}
        </p>
      ) : null}
      <fieldset className="panel patients-fieldset">
        <legend>{t('patients.settings.profile')}</legend>
        <div className="patients-grid">
          <Field label={t('patients.settings.name')}>{text('name', 'text', { required: true, maxLength: 200 })}</Field>
          <Field label={t('patients.settings.phone')}>{text('phone', 'tel')}</Field>
          <Field label={t('patients.settings.email')}>{text('email', 'email', { maxLength: 254 })}</Field>
          <Field label={t('patients.settings.website')}>{text('website', 'url', { placeholder: 'https://' })}</Field>
          <Field label={t('patients.settings.address')}>{(id) => <textarea id={id} rows={2} maxLength={500} value={form.address} onChange={set('address')} />}</Field>
          <Field label={t('patients.settings.openingHours')} hint={t('patients.settings.openingHoursHint')}>
            {(id) => <textarea id={id} rows={2} maxLength={1000} value={form.opening_hours} onChange={set('opening_hours')} />}
          </Field>
          <Field label={t('patients.settings.emergencyMessage')} hint={t('patients.settings.emergencyMessageHint')}>
            {(id) => <textarea id={id} rows={3} maxLength={1000} value={form.emergency_message} onChange={set('emergency_message')} />}
          </Field>
          <Field label={t('patients.settings.defaultLanguage')} hint={t('patients.settings.defaultLanguageHint')}>
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
          <Field label={t('patients.settings.timezone')} hint={t('patients.settings.timezoneHint')}>
            {(id) => <input id={id} value={clinic.timezone} readOnly />}
          </Field>
        </div>
      </fieldset>
      <fieldset className="panel patients-fieldset">
        <legend>{t('patients.settings.booking')}</legend>
        <div className="patients-grid">
          {NUMBER_FIELDS.map(([key, min, max]) => (
            <Field key={key} label={t(`patients.settings.${key}`)} hint={t(`patients.settings.${key}_hint`, { min, max })}>
              {(id) => <input id={id} type="number" inputMode="numeric" required min={min} max={max} step={1} value={form[key]} onChange={set(key)} />}
            </Field>
          ))}
          <Field label={t('patients.settings.default_phone_country')} hint={t('patients.settings.default_phone_country_hint')}>
            {(id) => (
              <select id={id} value={form.default_phone_country} onChange={set('default_phone_country')}>
                {countries.map((code) => (
                  <option key={code} value={code}>
                    {regions.of(code) ?? code} ({code})
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      </fieldset>
      <FormError error={save.error} />
      <div className="row">
        <button type="submit" className="primary" disabled={save.isPending}>
          {save.isPending ? t('app.loading') : t('app.save')}
        </button>
        <button type="button" onClick={() => setForm(stateOf(clinic))}>
          {t('patients.settings.undo')}
        </button>
      </div>
    </form>
  );
}
