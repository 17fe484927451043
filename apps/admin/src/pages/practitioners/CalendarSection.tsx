import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { del, get, post } from '../../api/client';
import { ErrorState, Loading } from '../../ui/components';
import { ApiFormError, ConfirmButton, Section, keys } from './shared';
import { CALENDAR_OUTCOMES, type CalendarConnect, type CalendarOutcome, type CalendarState } from './types';

const BADGES: Record<CalendarState['status'], string> = { connected: 'ok', needs_reconnect: 'warn', not_connected: '', not_configured: '' };

/** The practitioner's Google Calendar link: its state, connecting (through Google's consent page) and unlinking. */
export function CalendarSection({ clinicId, practitionerId, zone }: { clinicId: string; practitionerId: string; zone: string }) {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const url = `/api/clinics/${clinicId}/practitioners/${practitionerId}/calendar`;
  const state = useQuery({ queryKey: keys.calendar(clinicId, practitionerId), queryFn: () => get<CalendarState>(url) });
  const connect = useMutation({
    mutationFn: () => post<CalendarConnect>(`${url}/connect`),
    // Google's consent page; Google sends the browser back here with ?calendar=…
    onSuccess: (answer) => window.location.assign(answer.authorization_url),
  });
  const unlink = useMutation({
    mutationFn: () => del<CalendarState>(url),
    onSuccess: (answer) => {
      queries.setQueryData(keys.calendar(clinicId, practitionerId), answer);
      return queries.invalidateQueries({ queryKey: ['calendar', clinicId] });
    },
  });
  const when = (iso: string): string => DateTime.fromISO(iso, { zone }).setLocale(i18n.language).toLocaleString(DateTime.DATETIME_MED);

  return (
    <Section id="practitioner-calendar" title={t('practitioners.calendar.title')}>
      {state.isPending ? <Loading /> : null}
      {state.isError ? <ErrorState error={state.error} retry={() => void state.refetch()} /> : null}
      {state.data ? (
        <div className="practitioners-calendar" aria-live="polite">
          <p>
            <span className={`badge ${BADGES[state.data.status]}`}>{t(`practitioners.calendar.status.${state.data.status}`)}</span>
          </p>
          <p>
            {state.data.status === 'connected' || state.data.status === 'needs_reconnect'
              ? t(`practitioners.calendar.explain.${state.data.status}`, { email: state.data.account_email ?? '—', calendar: state.data.calendar_id ?? 'primary' })
              : t(`practitioners.calendar.explain.${state.data.status}`)}
          </p>
          {state.data.needs_reconnect_since ? <p className="hint">{t('practitioners.calendar.since', { when: when(state.data.needs_reconnect_since) })}</p> : null}
          {state.data.events_pending > 0 || state.data.events_failed > 0 ? (
            <ul className="practitioners-calendar-events">
              {state.data.events_pending > 0 ? <li>{t('practitioners.calendar.pending', { count: state.data.events_pending })}</li> : null}
              {state.data.events_failed > 0 ? (
                <li className="practitioners-failed">
                  {t('practitioners.calendar.failed', { count: state.data.events_failed })}
                  {state.data.last_sync_error ? ` (${state.data.last_sync_error})` : ''}
                </li>
              ) : null}
            </ul>
          ) : null}
          <div className="row">
            {state.data.status === 'not_connected' || state.data.status === 'needs_reconnect' ? (
              <button type="button" className="primary" disabled={connect.isPending || connect.isSuccess} onClick={() => connect.mutate()}>
                {state.data.status === 'needs_reconnect' ? t('practitioners.calendar.reconnect') : t('practitioners.calendar.connect')}
              </button>
            ) : null}
            {state.data.status === 'connected' || state.data.status === 'needs_reconnect' ? (
              <ConfirmButton
                label={t('practitioners.calendar.unlink')}
                question={t('practitioners.calendar.unlinkQuestion')}
                confirmLabel={t('practitioners.calendar.unlinkConfirm')}
                busy={unlink.isPending}
                onConfirm={() => unlink.mutate()}
              />
            ) : null}
          </div>
          {connect.isSuccess ? (
            <p className="hint" role="status">
              {t('practitioners.calendar.redirecting')}
            </p>
          ) : null}
          <ApiFormError error={connect.error ?? unlink.error} />
        </div>
      ) : null}
    </Section>
  );
}

/** What Google's return (`?calendar=connected|denied|missing_scopes|failed`) means, shown once at the top of the page. */
export function CalendarOutcomeNotice() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const value = params.get('calendar');
  if (!value || !(CALENDAR_OUTCOMES as readonly string[]).includes(value)) return null;
  const outcome = value as CalendarOutcome;
  const dismiss = () => {
    const next = new URLSearchParams(params);
    next.delete('calendar');
    setParams(next, { replace: true });
  };
  return (
    <div className={`notice practitioners-outcome practitioners-outcome-${outcome === 'connected' ? 'ok' : 'error'}`} role={outcome === 'connected' ? 'status' : 'alert'}>
      <p>{t(`practitioners.calendar.outcome.${outcome}`)}</p>
      <button type="button" onClick={dismiss}>
        {t('practitioners.calendar.dismiss')}
      </button>
    </div>
  );
}
