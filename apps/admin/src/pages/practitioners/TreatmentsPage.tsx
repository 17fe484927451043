import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { del, get, patch, post, query } from '../../api/client';
import type { PageOf } from '../../api/types';
import { Empty, ErrorState, Field, Loading, Page } from '../../ui/components';
import { ApiFormError, ConfirmButton, keys, languageName, localized, useClinic } from './shared';
import type { Treatment, TreatmentInput } from './types';
import './practitioners.css';

/** Languages offered for a treatment's name beyond those it already has (ISO 639-1). */
const NAME_LANGUAGES = ['fr', 'en', 'de', 'it', 'es', 'pt', 'nl', 'ar'];
type ActiveFilter = 'true' | 'false' | '';
type Editing = { mode: 'new' } | { mode: 'edit'; treatment: Treatment } | null;

/** The clinic's treatments: names per language, duration, preparation and clean-up buffers; create, edit, deactivate. */
export function TreatmentsPage() {
  const { t, i18n } = useTranslation();
  const { clinicId = '' } = useParams();
  const queries = useQueryClient();
  const clinic = useClinic(clinicId);
  const [active, setActive] = useState<ActiveFilter>('true');
  const [editing, setEditing] = useState<Editing>(null);
  const list = useQuery({
    queryKey: [...keys.treatments(clinicId), 'list', active],
    queryFn: () => get<PageOf<Treatment>>(`/api/clinics/${clinicId}/treatments${query({ active, limit: 200 })}`),
  });
  const refresh = () => Promise.all([queries.invalidateQueries({ queryKey: keys.treatments(clinicId) }), queries.invalidateQueries({ queryKey: keys.practitioners(clinicId) })]);
  const deactivate = useMutation({ mutationFn: (id: string) => del<Treatment>(`/api/clinics/${clinicId}/treatments/${id}`), onSuccess: refresh });
  const reactivate = useMutation({ mutationFn: (id: string) => patch<Treatment>(`/api/clinics/${clinicId}/treatments/${id}`, { is_active: true }), onSuccess: refresh });

  return (
    <Page
      title={t('practitioners.treatments.title')}
      actions={
        <button type="button" className="primary" aria-expanded={editing?.mode === 'new'} onClick={() => setEditing(editing?.mode === 'new' ? null : { mode: 'new' })}>
          {t('practitioners.treatments.add')}
        </button>
      }
    >
      {editing ? (
        <TreatmentForm
          key={editing.mode === 'edit' ? editing.treatment.id : 'new'}
          clinicId={clinicId}
          defaultLanguage={clinic.data?.default_language ?? 'fr'}
          treatment={editing.mode === 'edit' ? editing.treatment : null}
          onDone={() => setEditing(null)}
        />
      ) : null}
      <div className="practitioners-filters">
        <Field label={t('practitioners.treatments.activeFilter')}>
          {(id) => (
            <select id={id} value={active} onChange={(event) => setActive(event.target.value as ActiveFilter)}>
              <option value="true">{t('practitioners.treatments.onlyActive')}</option>
              <option value="false">{t('practitioners.treatments.onlyInactive')}</option>
              <option value="">{t('practitioners.treatments.all')}</option>
            </select>
          )}
        </Field>
      </div>
      {list.isPending ? <Loading /> : null}
      {list.isError ? <ErrorState error={list.error} retry={() => void list.refetch()} /> : null}
      {list.data && list.data.items.length === 0 ? <Empty>{active === 'true' ? t('practitioners.treatments.none') : t('practitioners.treatments.noMatch')}</Empty> : null}
      {list.data && list.data.items.length > 0 ? (
        <div className="practitioners-table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('practitioners.treatments.name')}</th>
                <th>{t('practitioners.treatments.duration')}</th>
                <th>{t('practitioners.treatments.buffers')}</th>
                <th>{t('practitioners.fields.status')}</th>
                <th>
                  <span className="practitioners-visually-hidden">{t('practitioners.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((treatment) => {
                const name = localized(treatment.name, i18n.language);
                const others = Object.entries(treatment.name).filter(([, text]) => text !== name);
                return (
                  <tr key={treatment.id}>
                    <td>
                      <strong>{name}</strong>
                      {others.length > 0 ? <div className="hint">{others.map(([language, text]) => `${language.toUpperCase()} : ${text}`).join(' · ')}</div> : null}
                    </td>
                    <td>{t('practitioners.minutes', { count: treatment.duration_minutes })}</td>
                    <td>{t('practitioners.treatments.bufferValues', { before: treatment.buffer_before_minutes, after: treatment.buffer_after_minutes })}</td>
                    <td>
                      <span className={`badge ${treatment.is_active ? 'ok' : 'warn'}`}>{treatment.is_active ? t('practitioners.status.active') : t('practitioners.status.inactive')}</span>
                    </td>
                    <td className="practitioners-actions">
                      <button type="button" aria-label={t('practitioners.treatments.editNamed', { name })} onClick={() => setEditing({ mode: 'edit', treatment })}>
                        {t('practitioners.treatments.edit')}
                      </button>
                      {treatment.is_active ? (
                        <ConfirmButton
                          label={t('practitioners.treatments.deactivate')}
                          question={t('practitioners.treatments.deactivateQuestion', { name })}
                          confirmLabel={t('practitioners.treatments.deactivateConfirm')}
                          busy={deactivate.isPending}
                          onConfirm={() => deactivate.mutate(treatment.id)}
                        />
                      ) : (
                        <button type="button" disabled={reactivate.isPending} onClick={() => reactivate.mutate(treatment.id)}>
                          {t('practitioners.treatments.reactivate')}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      <ApiFormError error={deactivate.error ?? reactivate.error} />
    </Page>
  );
}

/** Creating or changing a treatment. A name in at least one language; empty languages are left out. */
function TreatmentForm({ clinicId, defaultLanguage, treatment, onDone }: { clinicId: string; defaultLanguage: string; treatment: Treatment | null; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const [names, setNames] = useState<Record<string, string>>(() => {
    const base = Object.fromEntries([defaultLanguage, 'fr', 'en'].map((language) => [language, '']));
    return { ...base, ...treatment?.name };
  });
  const [extra, setExtra] = useState('');
  const [numbers, setNumbers] = useState({
    duration_minutes: String(treatment?.duration_minutes ?? 30),
    buffer_before_minutes: String(treatment?.buffer_before_minutes ?? 0),
    buffer_after_minutes: String(treatment?.buffer_after_minutes ?? 0),
  });
  const [noName, setNoName] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  // Opening the form (new or another treatment) brings it into view with the first name ready to type.
  useEffect(() => {
    formRef.current?.scrollIntoView({ block: 'nearest' });
    formRef.current?.querySelector('input')?.focus();
  }, []);
  const save = useMutation({
    mutationFn: (body: TreatmentInput) =>
      treatment ? patch<Treatment>(`/api/clinics/${clinicId}/treatments/${treatment.id}`, body) : post<Treatment>(`/api/clinics/${clinicId}/treatments`, body),
    onSuccess: async () => {
      await Promise.all([queries.invalidateQueries({ queryKey: keys.treatments(clinicId) }), queries.invalidateQueries({ queryKey: keys.practitioners(clinicId) })]);
      onDone();
    },
  });
  const available = NAME_LANGUAGES.filter((language) => !(language in names));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const name = Object.fromEntries(Object.entries(names).flatMap(([language, text]) => (text.trim() ? [[language, text.trim()]] : [])));
    if (Object.keys(name).length === 0) {
      setNoName(true);
      return;
    }
    save.mutate({
      name,
      duration_minutes: Number(numbers.duration_minutes),
      buffer_before_minutes: Number(numbers.buffer_before_minutes || 0),
      buffer_after_minutes: Number(numbers.buffer_after_minutes || 0),
    });
  };
  const number = (key: keyof typeof numbers) => (event: { target: { value: string } }) => setNumbers({ ...numbers, [key]: event.target.value });
  const title = treatment ? t('practitioners.treatments.editTitle', { name: localized(treatment.name, i18n.language) }) : t('practitioners.treatments.newTitle');

  return (
    <form ref={formRef} className="panel" onSubmit={submit} aria-labelledby="treatment-form-title">
      <h2 id="treatment-form-title" className="practitioners-form-title">{title}</h2>
      <fieldset className="practitioners-names">
        <legend>{t('practitioners.treatments.names')}</legend>
        <p className="hint">{t('practitioners.treatments.namesHint')}</p>
        {Object.keys(names).map((language) => (
          <Field key={language} label={t('practitioners.treatments.nameIn', { language: languageName(language, i18n.language) })}>
            {(id) => (
              <input
                id={id}
                lang={language}
                maxLength={120}
                value={names[language] ?? ''}
                onChange={(event) => {
                  setNoName(false);
                  setNames({ ...names, [language]: event.target.value });
                }}
              />
            )}
          </Field>
        ))}
        {available.length > 0 ? (
          <div className="row practitioners-add-language">
            <Field label={t('practitioners.treatments.otherLanguage')}>
              {(id) => (
                <select id={id} value={extra} onChange={(event) => setExtra(event.target.value)}>
                  <option value="">—</option>
                  {available.map((language) => (
                    <option key={language} value={language}>
                      {languageName(language, i18n.language)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <button
              type="button"
              disabled={!extra}
              onClick={() => {
                setNames({ ...names, [extra]: '' });
                setExtra('');
              }}
            >
              {t('practitioners.treatments.addLanguage')}
            </button>
          </div>
        ) : null}
        {noName ? (
          <p className="form-error" role="alert">
            {t('practitioners.treatments.nameRequired')}
          </p>
        ) : null}
      </fieldset>
      <div className="practitioners-grid">
        <Field label={t('practitioners.treatments.durationLabel')}>
          {(id) => <input id={id} type="number" inputMode="numeric" required min={5} max={720} value={numbers.duration_minutes} onChange={number('duration_minutes')} />}
        </Field>
        <Field label={t('practitioners.treatments.bufferBefore')} hint={t('practitioners.treatments.bufferBeforeHint')}>
          {(id) => <input id={id} type="number" inputMode="numeric" min={0} max={240} value={numbers.buffer_before_minutes} onChange={number('buffer_before_minutes')} />}
        </Field>
        <Field label={t('practitioners.treatments.bufferAfter')} hint={t('practitioners.treatments.bufferAfterHint')}>
          {(id) => <input id={id} type="number" inputMode="numeric" min={0} max={240} value={numbers.buffer_after_minutes} onChange={number('buffer_after_minutes')} />}
        </Field>
      </div>
      <ApiFormError error={save.error} />
      <div className="row">
        <button className="primary" type="submit" disabled={save.isPending}>
          {treatment ? t('app.save') : t('app.create')}
        </button>
        <button type="button" onClick={onDone}>
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}
