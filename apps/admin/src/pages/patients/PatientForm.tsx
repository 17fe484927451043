import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, FormError } from '../../ui/components';
import type { Patient, PatientInput } from './types';

interface FormState {
  first_name: string;
  last_name: string;
  phone: string;
  email: string;
  birth_date: string;
  has_social_insurance: '' | 'yes' | 'no';
  social_insurance_type: string;
  beneficiary_number: string;
  guarantee_number: string;
}

const TEXT_FIELDS = ['first_name', 'last_name', 'social_insurance_type', 'beneficiary_number', 'guarantee_number'] as const;

function stateOf(p?: Patient): FormState {
  return {
    first_name: p?.first_name ?? '',
    last_name: p?.last_name ?? '',
    phone: p?.phone ?? '',
    email: p?.email ?? '',
    birth_date: p?.birth_date ?? '',
    has_social_insurance: p?.has_social_insurance === true ? 'yes' : p?.has_social_insurance === false ? 'no' : '',
    social_insurance_type: p?.social_insurance_type ?? '',
    beneficiary_number: p?.beneficiary_number ?? '',
    guarantee_number: p?.guarantee_number ?? '',
  };
}

const insuranceOf = (value: FormState['has_social_insurance']): boolean | null => (value === 'yes' ? true : value === 'no' ? false : null);

/**
 * What to send: for a new patient every filled field; for an edit only what changed (a cleared name or insurance
 * field is sent as null). The API cannot clear an e-mail or a birth date once set: the form says so instead.
 */
function bodyOf(form: FormState, initial: Patient | undefined): { body: PatientInput } | { refused: 'email' | 'birth_date' } {
  const body: PatientInput = {};
  const start = stateOf(initial);
  for (const key of TEXT_FIELDS) {
    const value = form[key].trim();
    if (!initial) {
      if (value) body[key] = value;
    } else if (value !== start[key]) body[key] = value || null;
  }
  const phone = form.phone.trim();
  if (!initial || phone !== start.phone) body.phone = phone;
  for (const key of ['email', 'birth_date'] as const) {
    const value = form[key].trim();
    if (initial && value !== start[key] && !value) return { refused: key };
    if (value && (!initial || value !== start[key])) body[key] = value;
  }
  if (form.has_social_insurance !== start.has_social_insurance) body.has_social_insurance = insuranceOf(form.has_social_insurance);
  return { body };
}

/** "France", or the code itself when the browser cannot name it. */
function regionName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

interface Props {
  initial?: Patient;
  /** The clinic's country for numbers typed without +prefix (ISO code). */
  country: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (body: PatientInput) => void;
  onCancel: () => void;
}

/** A patient's fields, for adding one and for editing one. */
export function PatientForm({ initial, country, submitLabel, pending, error, onSubmit, onCancel }: Props) {
  const { t, i18n } = useTranslation();
  const [form, setForm] = useState<FormState>(() => stateOf(initial));
  const [refused, setRefused] = useState<string | null>(null);
  const set = (key: keyof FormState) => (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value });
  const today = new Date().toISOString().slice(0, 10);
  const region = regionName(country, i18n.language);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = bodyOf(form, initial);
    if ('refused' in result) {
      setRefused(t(`patients.form.cannotClear.${result.refused}`));
      return;
    }
    setRefused(null);
    onSubmit(result.body);
  };

  return (
    <form className="patients-form" onSubmit={submit}>
      <div className="patients-grid">
        <Field label={t('patients.fields.firstName')}>{(id) => <input id={id} maxLength={100} autoComplete="off" value={form.first_name} onChange={set('first_name')} />}</Field>
        <Field label={t('patients.fields.lastName')}>{(id) => <input id={id} maxLength={100} autoComplete="off" value={form.last_name} onChange={set('last_name')} />}</Field>
        <Field label={t('patients.fields.phone')} hint={t('patients.form.phoneHint', { country: region })}>
          {(id) => <input id={id} type="tel" required minLength={3} maxLength={32} autoComplete="off" value={form.phone} onChange={set('phone')} />}
        </Field>
        <Field label={t('patients.fields.email')}>{(id) => <input id={id} type="email" maxLength={254} autoComplete="off" value={form.email} onChange={set('email')} />}</Field>
        <Field label={t('patients.fields.birthDate')}>{(id) => <input id={id} type="date" min="1900-01-01" max={today} value={form.birth_date} onChange={set('birth_date')} />}</Field>
        <Field label={t('patients.fields.hasSocialInsurance')}>
          {(id) => (
            <select id={id} value={form.has_social_insurance} onChange={set('has_social_insurance')}>
              <option value="">{t('patients.form.unknown')}</option>
              <option value="yes">{t('patients.form.yes')}</option>
              <option value="no">{t('patients.form.no')}</option>
            </select>
          )}
        </Field>
        <Field label={t('patients.fields.socialInsuranceType')}>{(id) => <input id={id} maxLength={60} value={form.social_insurance_type} onChange={set('social_insurance_type')} />}</Field>
        <Field label={t('patients.fields.beneficiaryNumber')}>{(id) => <input id={id} maxLength={60} autoComplete="off" value={form.beneficiary_number} onChange={set('beneficiary_number')} />}</Field>
        <Field label={t('patients.fields.guaranteeNumber')}>{(id) => <input id={id} maxLength={60} autoComplete="off" value={form.guarantee_number} onChange={set('guarantee_number')} />}</Field>
      </div>
      <FormError error={refused ? new Error(refused) : error} />
      <div className="row">
        <button className="primary" type="submit" disabled={pending}>
          {pending ? t('app.loading') : submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}
