import { useQueries, useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { get, query } from '../../api/client';
import { practitionerName, type Appointment, type CalendarLink, type ClinicProfile, type Conversation, type PageOf, type Practitioner } from '../../api/types';
import { Empty, ErrorState, Loading, Page } from '../../ui/components';

/** How often the front desk's overview refreshes itself. */
const REFRESH_MS = 15_000;

/** Today at a glance: today's appointments, conversations waiting for staff, calendar links needing attention. */
export function TodayPage() {
  const { t, i18n } = useTranslation();
  const { clinicId = '' } = useParams();
  const base = `/api/clinics/${clinicId}`;
  const clinic = useQuery({ queryKey: ['clinic', clinicId], queryFn: () => get<ClinicProfile>(base) });
  const zone = clinic.data?.timezone;
  const day = zone ? DateTime.now().setZone(zone).startOf('day') : null;
  const appointments = useQuery({
    queryKey: ['appointments', clinicId, day?.toISODate()],
    enabled: day !== null,
    refetchInterval: REFRESH_MS,
    queryFn: () => get<PageOf<Appointment>>(`${base}/appointments${query({ from: day?.toISO(), to: day?.plus({ days: 1 }).toISO(), limit: 100 })}`),
  });
  const practitioners = useQuery({ queryKey: ['practitioners', clinicId], queryFn: () => get<PageOf<Practitioner>>(`${base}/practitioners?limit=100`) });
  const waiting = useQuery({
    queryKey: ['conversations', clinicId, 'handed_off'],
    refetchInterval: REFRESH_MS,
    queryFn: () => get<PageOf<Conversation>>(`${base}/conversations?handed_off=true&limit=50`),
  });
  const links = useQueries({
    queries: (practitioners.data?.items ?? []).map((p) => ({
      queryKey: ['calendar', clinicId, p.id],
      queryFn: () => get<CalendarLink>(`${base}/practitioners/${p.id}/calendar`),
    })),
  });
  const names = new Map((practitioners.data?.items ?? []).map((p) => [p.id, practitionerName(p)]));
  const broken = (practitioners.data?.items ?? []).filter((_, i) => {
    const link = links[i]?.data;
    return link !== undefined && (link.status === 'needs_reconnect' || link.events_failed > 0);
  });
  const time = (iso: string): string => (zone ? DateTime.fromISO(iso, { zone }).setLocale(i18n.language).toLocaleString(DateTime.TIME_SIMPLE) : iso);

  if (clinic.isPending) return <Loading />;
  if (clinic.isError) return <ErrorState error={clinic.error} retry={() => void clinic.refetch()} />;
  return (
    <Page title={`${t('today.title')} · ${clinic.data.name}`}>
      <section className="panel" aria-labelledby="today-appointments">
        <h2 id="today-appointments">{t('today.appointments')}</h2>
        {appointments.isPending ? <Loading /> : null}
        {appointments.isError ? <ErrorState error={appointments.error} retry={() => void appointments.refetch()} /> : null}
        {appointments.data?.items.length === 0 ? <Empty>{t('today.noAppointments')}</Empty> : null}
        {appointments.data && appointments.data.items.length > 0 ? (
          <table>
            <thead>
              <tr>
                <th>{t('today.time')}</th>
                <th>{t('today.practitioner')}</th>
                <th>{t('today.status')}</th>
              </tr>
            </thead>
            <tbody>
              {appointments.data.items.map((a) => (
                <tr key={a.id}>
                  <td>
                    {time(a.start)} – {time(a.end)}
                  </td>
                  <td>{names.get(a.practitioner_id) ?? '—'}</td>
                  <td>{t(`appointmentStatus.${a.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      <section className="panel" aria-labelledby="today-waiting">
        <h2 id="today-waiting">{t('today.waiting')}</h2>
        {waiting.isPending ? <Loading /> : null}
        {waiting.isError ? <ErrorState error={waiting.error} retry={() => void waiting.refetch()} /> : null}
        {waiting.data?.items.length === 0 ? <Empty>{t('today.noWaiting')}</Empty> : null}
        <ul>
          {(waiting.data?.items ?? []).map((c) => (
            <li key={c.id}>
              {c.profile_name ?? c.user_phone ?? '—'} {c.unread ? <span className="badge warn">{t('today.unread')}</span> : null}
              {c.handed_off_at ? ` · ${t('today.since')} ${time(c.handed_off_at)}` : ''}
            </li>
          ))}
        </ul>
      </section>
      <section className="panel" aria-labelledby="today-calendars">
        <h2 id="today-calendars">{t('today.calendars')}</h2>
        {practitioners.isError ? <ErrorState error={practitioners.error} retry={() => void practitioners.refetch()} /> : null}
        {broken.length === 0 && !practitioners.isPending ? <Empty>{t('today.noCalendars')}</Empty> : null}
        <ul>
          {broken.map((p) => (
            <li key={p.id}>{practitionerName(p)}</li>
          ))}
        </ul>
      </section>
    </Page>
  );
}
