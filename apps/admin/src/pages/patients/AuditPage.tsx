import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { get, query } from '../../api/client';
import type { PageOf } from '../../api/types';
import { Empty, ErrorState, Field, FormError, Loading, Page } from '../../ui/components';
import { useClinic } from './format';
import { Pager } from './Pager';
import type { AuditEntry } from './types';
import './patients.css';

const PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The actions a clinic's log holds, by subject: a subject's prefix filters all of them, an action filters itself. */
export const AUDIT_GROUPS: Array<[prefix: string, actions: string[]]> = [
  ['patient', ['patient.created', 'patient.read', 'patient.updated', 'patient.exported', 'patient.erased', 'patients.listed']],
  ['appointment', ['appointment.created', 'appointment.rescheduled', 'appointment.cancelled', 'appointment.completed', 'appointment.no_show']],
  ['conversation', ['conversation.read', 'conversation.taken_over', 'conversation.handed_off', 'conversation.handed_back', 'conversation.replied', 'conversation.patient_linked', 'conversations.listed']],
  ['message', ['message.media_downloaded']],
  ['practitioner', ['practitioner.created', 'practitioner.updated', 'practitioner.deactivated', 'practitioner_treatments.replaced', 'practitioner.calendar_link_started', 'practitioner.calendar_linked', 'practitioner.calendar_link_denied', 'practitioner.calendar_unlinked']],
  ['treatment', ['treatment.created', 'treatment.updated', 'treatment.deactivated']],
  ['working_hours', ['working_hours.replaced']],
  ['closure', ['closure.created', 'closure.deleted']],
  ['clinic', ['clinic.provisioned', 'clinic.updated', 'clinic.profile_updated', 'clinic.suspended', 'clinic.reactivated', 'clinic.restored', 'clinic.moved', 'secrets.rotated', 'clinic.decommission_started', 'clinic.decommission_failed', 'clinic.decommissioned']],
  ['user', ['user.created', 'user.disabled', 'user.enabled']],
  ['whatsapp', ['whatsapp_config.updated']],
];

interface Filters {
  action: string;
  targetId: string;
  from: string;
  to: string;
}

const NO_FILTERS: Filters = { action: '', targetId: '', from: '', to: '' };

/** An action as people read it ("Patient erased"); an action this screen does not know keeps its code. */
export function useActionLabel(): (action: string) => string {
  const { t } = useTranslation();
  return (action) => t(`patients.actions.${action}`, { defaultValue: action });
}

/** The clinic's audit log, newest first: who did what to which record, filtered by action, record and period. */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const { clinicId = '' } = useParams();
  const location = useLocation();
  const clinic = useClinic(clinicId);
  const label = useActionLabel();
  const initial: Filters = { ...NO_FILTERS, targetId: (location.state as { targetId?: string } | null)?.targetId ?? '' };
  const [draft, setDraft] = useState<Filters>(initial);
  const [applied, setApplied] = useState<Filters>(initial);
  const [offset, setOffset] = useState(0);
  const [invalid, setInvalid] = useState<string | null>(null);
  const zone = clinic.data?.timezone;

  const bounds = (filters: Filters) => ({
    from: filters.from && zone ? DateTime.fromISO(filters.from, { zone }).startOf('day').toISO() : undefined,
    to: filters.to && zone ? DateTime.fromISO(filters.to, { zone }).endOf('day').toISO() : undefined,
  });
  const entries = useQuery({
    queryKey: ['audit', clinicId, applied, offset, zone],
    enabled: zone !== undefined,
    placeholderData: keepPreviousData,
    queryFn: () =>
      get<PageOf<AuditEntry>>(
        `/api/clinics/${clinicId}/audit${query({ action: applied.action, target_id: applied.targetId.trim(), ...bounds(applied), limit: PAGE_SIZE, offset })}`,
      ),
  });

  const apply = (filters: Filters) => {
    setDraft(filters);
    setApplied(filters);
    setOffset(0);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.targetId.trim() && !UUID.test(draft.targetId.trim())) return setInvalid(t('patients.audit.invalidTarget'));
    if (draft.from && draft.to && draft.to < draft.from) return setInvalid(t('patients.audit.invalidPeriod'));
    setInvalid(null);
    apply(draft);
  };
  const set = (key: keyof Filters) => (event: { target: { value: string } }) => setDraft({ ...draft, [key]: event.target.value });
  const when = (iso: string): string => (zone ? DateTime.fromISO(iso, { zone }).setLocale(i18n.language).toLocaleString(DateTime.DATETIME_MED_WITH_SECONDS) : iso);

  if (clinic.isError) return <ErrorState error={clinic.error} retry={() => void clinic.refetch()} />;
  return (
    <Page title={t('patients.audit.title')}>
      <form className="panel patients-filters" onSubmit={submit} aria-label={t('patients.audit.filters')}>
        <Field label={t('patients.audit.action')}>
          {(id) => (
            <select id={id} value={draft.action} onChange={set('action')}>
              <option value="">{t('patients.audit.allActions')}</option>
              {AUDIT_GROUPS.map(([prefix, actions]) => (
                <optgroup key={prefix} label={t(`patients.audit.groups.${prefix}`)}>
                  <option value={`${prefix}*`}>{t('patients.audit.everything', { group: t(`patients.audit.groups.${prefix}`) })}</option>
                  {actions.map((action) => (
                    <option key={action} value={action}>
                      {label(action)}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('patients.audit.target')} hint={t('patients.audit.targetHint')}>
          {(id) => <input id={id} autoComplete="off" spellCheck={false} value={draft.targetId} onChange={set('targetId')} />}
        </Field>
        <Field label={t('patients.audit.from')}>{(id) => <input id={id} type="date" value={draft.from} onChange={set('from')} />}</Field>
        <Field label={t('patients.audit.to')}>{(id) => <input id={id} type="date" value={draft.to} onChange={set('to')} />}</Field>
        <div className="patients-filters-actions">
          <FormError error={invalid ? new Error(invalid) : null} />
          <div className="row">
            <button type="submit" className="primary">
              {t('patients.audit.apply')}
            </button>
            <button type="button" onClick={() => apply(NO_FILTERS)}>
              {t('patients.audit.reset')}
            </button>
          </div>
        </div>
      </form>

      <div className="panel">
        {entries.isPending ? <Loading /> : null}
        {entries.isError ? <ErrorState error={entries.error} retry={() => void entries.refetch()} /> : null}
        {entries.data && entries.data.items.length === 0 ? <Empty>{t('patients.audit.none')}</Empty> : null}
        {entries.data && entries.data.items.length > 0 ? (
          <>
            <div className="patients-table-wrap">
              <table aria-busy={entries.isFetching}>
                <caption className="patients-caption">{t('patients.audit.count', { count: entries.data.total })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('patients.audit.when')}</th>
                    <th scope="col">{t('patients.audit.action')}</th>
                    <th scope="col">{t('patients.audit.record')}</th>
                    <th scope="col">{t('patients.audit.who')}</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.data.items.map((entry) => (
                    <tr key={entry.id}>
                      <td className="patients-nowrap">{when(entry.occurred_at)}</td>
                      <td>
                        <span className="patients-action">{label(entry.action)}</span>
                        <code className="patients-code">{entry.action}</code>
                      </td>
                      <td>
                        {entry.target_id ? (
                          <div className="patients-target">
                            <span>{t(`patients.audit.types.${entry.target_type ?? 'other'}`, { defaultValue: entry.target_type ?? '' })}</span>
                            {entry.target_type === 'patient' && !entry.action.endsWith('erased') ? (
                              <Link to={`/clinics/${clinicId}/patients/${entry.target_id}`}>
                                <code className="patients-code">{entry.target_id.slice(0, 8)}</code>
                              </Link>
                            ) : (
                              <code className="patients-code">{entry.target_id.slice(0, 8)}</code>
                            )}
                            {applied.targetId.trim().toLowerCase() === entry.target_id ? null : (
                              <button type="button" className="patients-link-button" onClick={() => apply({ ...NO_FILTERS, targetId: entry.target_id ?? '' })}>
                                {t('patients.audit.history')}
                              </button>
                            )}
                          </div>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td>
                        {entry.actor_role ? t(`patients.audit.roles.${entry.actor_role}`, { defaultValue: entry.actor_role }) : t('patients.audit.system')}
                        {entry.actor_user_id ? <code className="patients-code">{entry.actor_user_id.slice(0, 8)}</code> : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager total={entries.data.total} limit={PAGE_SIZE} offset={offset} onChange={setOffset} />
          </>
        ) : null}
      </div>
    </Page>
  );
}
