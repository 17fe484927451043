import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, get, put } from '../../api/client';
import { Empty, ErrorState, Field, FormError, Loading } from '../../ui/components';
import { CLINIC_LANGUAGES, superadminKeys, type ClinicRecord, type SecretHint, type WhatsAppConfig, type WhatsAppConfigPut } from './types';
import { copyText, generateToken } from './util';

const SECRETS = ['verify_token', 'access_token', 'webhook_secret'] as const;
type SecretKey = (typeof SECRETS)[number];

interface WhatsAppForm {
  phone_number_id: string;
  api_version: string;
  is_active: boolean;
  secrets: Record<SecretKey, string>;
  templates: Record<string, string>;
}

const NO_SECRETS: Record<SecretKey, string> = { verify_token: '', access_token: '', webhook_secret: '' };

function formOf(config: WhatsAppConfig): WhatsAppForm {
  return {
    phone_number_id: config.phone_number_id ?? '',
    api_version: config.api_version ?? 'v21.0',
    is_active: config.configured ? config.is_active : true,
    secrets: { ...NO_SECRETS },
    templates: { ...config.reminder_templates },
  };
}

/** The body of the PUT: secrets left empty are left out (the stored ones are kept), templates without a name too. */
function bodyOf(form: WhatsAppForm): WhatsAppConfigPut {
  const body: WhatsAppConfigPut = {
    phone_number_id: form.phone_number_id.trim(),
    api_version: form.api_version.trim() || undefined,
    is_active: form.is_active,
    reminder_templates: Object.fromEntries(Object.entries(form.templates).map(([language, name]): [string, string] => [language, name.trim()]).filter(([, name]) => name !== '')),
  };
  for (const key of SECRETS) if (form.secrets[key] !== '') body[key] = form.secrets[key];
  return body;
}

/** The webhook URL to paste into Meta, with a Copy button and a visible confirmation. */
function WebhookUrl({ path }: { path: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<boolean | null>(null);
  const url = `${window.location.origin}${path}`;
  return (
    <div className="superadmin-webhook">
      <Field label={t('superadmin.whatsapp.webhookUrl')} hint={t('superadmin.whatsapp.webhookUrlHint')}>
        {(id) => (
          <div className="row">
            <input id={id} className="superadmin-grow superadmin-mono" readOnly value={url} onFocus={(event) => event.target.select()} />
            <button type="button" onClick={() => void copyText(url).then(setCopied)}>
              {t('superadmin.copy')}
            </button>
          </div>
        )}
      </Field>
      <p className="superadmin-live" role="status" aria-live="polite">
        {copied === true ? t('superadmin.copied') : copied === false ? t('superadmin.copyFailed') : ''}
      </p>
    </div>
  );
}

/** A clinic's WhatsApp channel: Meta ids, write-only secrets (shown as hints), reminder templates, the webhook URL. */
export function WhatsAppPanel({ clinicId, status }: { clinicId: string; status: ClinicRecord['status'] }) {
  const { t } = useTranslation();
  const [saved, setSaved] = useState(false);
  // A suspended clinic (or one without a working database) is refused by the clinic API: not asked at all.
  const suspended = status !== 'active';
  const config = useQuery({
    queryKey: superadminKeys.whatsapp(clinicId),
    enabled: !suspended,
    queryFn: () => get<WhatsAppConfig>(`/api/clinics/${clinicId}/whatsapp`),
  });

  return (
    <section className="panel" aria-labelledby="superadmin-whatsapp">
      <h2 id="superadmin-whatsapp">{t('superadmin.whatsapp.title')}</h2>
      <WebhookUrl path={config.data?.webhook_path ?? `/webhook/whatsapp/${clinicId}`} />
      {suspended ? <Empty>{status === 'suspended' ? t('superadmin.whatsapp.suspended') : t('superadmin.whatsapp.notReady')}</Empty> : null}
      {!suspended && config.isPending ? <Loading /> : null}
      {config.isError ? <ErrorState error={config.error} retry={() => void config.refetch()} /> : null}
      {/* Keyed by the stored configuration: a fresh form (empty secrets) after every save. */}
      {saved && config.data && !suspended ? (
        <p className="notice" role="status">
          {t('superadmin.whatsapp.saved')}
        </p>
      ) : null}
      {config.data && !suspended ? <WhatsAppForm key={JSON.stringify(config.data)} clinicId={clinicId} config={config.data} onSaving={() => setSaved(false)} onSaved={() => setSaved(true)} /> : null}
    </section>
  );
}

interface WhatsAppFormProps {
  clinicId: string;
  config: WhatsAppConfig;
  onSaving: () => void;
  onSaved: () => void;
}

/** The form over one stored configuration; the panel remounts it after a save, so typed secrets never linger. */
function WhatsAppForm({ clinicId, config, onSaving, onSaved }: WhatsAppFormProps) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [form, setForm] = useState<WhatsAppForm>(() => formOf(config));
  const save = useMutation({
    mutationFn: (body: WhatsAppConfigPut) => put<WhatsAppConfig>(`/api/clinics/${clinicId}/whatsapp`, body),
    onSuccess: (stored) => {
      setForm(formOf(stored));
      onSaved();
      queries.setQueryData(superadminKeys.whatsapp(clinicId), stored);
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSaving();
    save.mutate(bodyOf(form));
  };
  const setSecret = (key: SecretKey, value: string) => setForm({ ...form, secrets: { ...form.secrets, [key]: value } });
  const hint = (secret: SecretHint): string =>
    secret.is_set ? (secret.last4 ? t('superadmin.whatsapp.secretSet', { last4: secret.last4 }) : t('superadmin.whatsapp.secretSetNoHint')) : t('superadmin.whatsapp.secretNotSet');
  const required = !config.configured;
  const conflict = save.error instanceof ApiError && save.error.code === 'WHATSAPP_NUMBER_TAKEN';

  return (
    <form onSubmit={submit} aria-label={t('superadmin.whatsapp.title')} autoComplete="off">
      {!config.configured ? <p className="notice">{t('superadmin.whatsapp.notConfigured')}</p> : null}
      {config.needs_new_token ? (
        <p className="notice superadmin-warning" role="alert">
          {t('superadmin.whatsapp.needsNewToken')}
        </p>
      ) : null}
      <Field label={t('superadmin.whatsapp.phoneNumberId')} hint={t('superadmin.whatsapp.phoneNumberIdHint')}>
        {(id) => (
          <input
            id={id}
            required
            inputMode="numeric"
            pattern="[0-9]{1,64}"
            className="superadmin-mono"
            value={form.phone_number_id}
            onChange={(event) => setForm({ ...form, phone_number_id: event.target.value })}
          />
        )}
      </Field>
      <Field label={t('superadmin.whatsapp.apiVersion')} hint={t('superadmin.whatsapp.apiVersionHint')}>
        {(id) => <input id={id} pattern="v[0-9]{1,3}\.[0-9]{1,2}" className="superadmin-mono" value={form.api_version} onChange={(event) => setForm({ ...form, api_version: event.target.value })} />}
      </Field>
      <div className="field">
        <label className="row">
          <input type="checkbox" checked={form.is_active} onChange={(event) => setForm({ ...form, is_active: event.target.checked })} />
          {t('superadmin.whatsapp.active')}
        </label>
        <small className="hint">{t('superadmin.whatsapp.activeHint')}</small>
      </div>

      <fieldset className="superadmin-fieldset">
        <legend>{t('superadmin.whatsapp.secrets')}</legend>
        <p className="hint">{required ? t('superadmin.whatsapp.secretsFirst') : t('superadmin.whatsapp.secretsKeep')}</p>
        <Field label={t('superadmin.whatsapp.verifyToken')} hint={`${hint(config.verify_token)} · ${t('superadmin.whatsapp.verifyTokenHint')}`}>
          {(id) => (
            <div className="row">
              <input
                id={id}
                className="superadmin-grow superadmin-mono"
                type="password"
                autoComplete="new-password"
                required={required}
                minLength={8}
                maxLength={256}
                value={form.secrets.verify_token}
                onChange={(event) => setSecret('verify_token', event.target.value)}
              />
              <button type="button" onClick={() => setSecret('verify_token', generateToken())}>
                {t('superadmin.whatsapp.generate')}
              </button>
            </div>
          )}
        </Field>
        {form.secrets.verify_token !== '' ? (
          <p className="hint superadmin-mono" aria-live="polite">
            {t('superadmin.whatsapp.verifyTokenToPaste', { token: form.secrets.verify_token })}
          </p>
        ) : null}
        <Field label={t('superadmin.whatsapp.accessToken')} hint={hint(config.access_token)}>
          {(id) => (
            <input
              id={id}
              className="superadmin-mono"
              type="password"
              autoComplete="new-password"
              required={required}
              minLength={20}
              maxLength={2048}
              value={form.secrets.access_token}
              onChange={(event) => setSecret('access_token', event.target.value.trim())}
            />
          )}
        </Field>
        <Field label={t('superadmin.whatsapp.appSecret')} hint={hint(config.webhook_secret)}>
          {(id) => (
            <input
              id={id}
              className="superadmin-mono"
              type="password"
              autoComplete="new-password"
              required={required}
              minLength={16}
              maxLength={256}
              value={form.secrets.webhook_secret}
              onChange={(event) => setSecret('webhook_secret', event.target.value)}
            />
          )}
        </Field>
      </fieldset>

      <fieldset className="superadmin-fieldset">
        <legend>{t('superadmin.whatsapp.templates')}</legend>
        <p className="hint">{t('superadmin.whatsapp.templatesHint')}</p>
        <div className="superadmin-templates">
          {CLINIC_LANGUAGES.map((language) => (
            <Field key={language} label={t('superadmin.whatsapp.templateFor', { language: t(`languages.${language}`) })}>
              {(id) => (
                <input
                  id={id}
                  className="superadmin-mono"
                  pattern="[a-z0-9_]{1,512}"
                  value={form.templates[language] ?? ''}
                  onChange={(event) => setForm({ ...form, templates: { ...form.templates, [language]: event.target.value } })}
                />
              )}
            </Field>
          ))}
        </div>
      </fieldset>

      <FormError error={conflict ? new Error(t('superadmin.whatsapp.numberTaken')) : save.error} />
      <button className="primary" type="submit" disabled={save.isPending}>
        {save.isPending ? t('superadmin.saving') : t('app.save')}
      </button>
    </form>
  );
}
