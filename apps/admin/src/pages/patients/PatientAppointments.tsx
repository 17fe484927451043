import { useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useTranslation } from 'react-i18next';
import { get, query } from '../../api/client';
import { practitionerName, type PageOf, type Practitioner } from '../../api/types';
import { Empty, ErrorState, Loading } from '../../ui/components';
import { dateTime } from './format';
import type { PatientAppointment, Treatment } from './types';

const MAX = 200;

/** A treatment's name in the interface's language, else French, else any. */
function treatmentName(treatment: Treatment | undefined, language: string): string {
  if (!treatment) return '—';
  return treatment.name[language] ?? treatment.name.fr ?? Object.values(treatment.name)[0] ?? '—';
}

/** The patient's appointments: those to come first (soonest first), then the past ones (latest first). */
export function PatientAppointments({ clinicId, patientId, zone }: { clinicId: string; patientId: string; zone: string }) {
  const { t, i18n } = useTranslation();
  const base = `/api/clinics/${clinicId}`;
  const appointments = useQuery({
    queryKey: ['appointments', clinicId, 'patient', patientId],
    queryFn: () => get<PageOf<PatientAppointment>>(`${base}/appointments${query({ patient_id: patientId, limit: MAX })}`),
  });
  const practitioners = useQuery({ queryKey: ['patients-area', clinicId, 'practitioners'], queryFn: () => get<PageOf<Practitioner>>(`${base}/practitioners?limit=200`) });
  const treatments = useQuery({ queryKey: ['patients-area', clinicId, 'treatments'], queryFn: () => get<PageOf<Treatment>>(`${base}/treatments?limit=200`) });
  const who = new Map((practitioners.data?.items ?? []).map((p) => [p.id, practitionerName(p)]));
  const what = new Map((treatments.data?.items ?? []).map((tr) => [tr.id, tr]));
  const now = DateTime.now().toMillis();
  const items = appointments.data?.items ?? [];
  const upcoming = items.filter((a) => DateTime.fromISO(a.end).toMillis() >= now);
  const past = items.filter((a) => DateTime.fromISO(a.end).toMillis() < now).reverse();

  const table = (rows: PatientAppointment[], label: string) => (
    <div className="patients-table-wrap">
      <table>
        <caption className="patients-caption">{label}</caption>
        <thead>
          <tr>
            <th scope="col">{t('patients.appointments.when')}</th>
            <th scope="col">{t('patients.appointments.practitioner')}</th>
            <th scope="col">{t('patients.appointments.treatment')}</th>
            <th scope="col">{t('patients.appointments.status')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.id}>
              <td className="patients-nowrap">{dateTime(a.start, zone, i18n.language)}</td>
              <td>{who.get(a.practitioner_id) ?? '—'}</td>
              <td>{treatmentName(what.get(a.treatment_id), i18n.language)}</td>
              <td>
                <span className={`badge${a.status === 'booked' ? ' ok' : a.status === 'no_show' ? ' warn' : ''}`}>{t(`appointmentStatus.${a.status}`)}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );

  return (
    <section className="panel patients-panel" aria-labelledby="patients-appointments">
      <h2 id="patients-appointments">{t('patients.appointments.title')}</h2>
      {appointments.isPending ? <Loading /> : null}
      {appointments.isError ? <ErrorState error={appointments.error} retry={() => void appointments.refetch()} /> : null}
      {appointments.data && items.length === 0 ? <Empty>{t('patients.appointments.none')}</Empty> : null}
      {upcoming.length > 0 ? table(upcoming, t('patients.appointments.upcoming')) : null}
      {past.length > 0 ? table(past, t('patients.appointments.past')) : null}
      {appointments.data && appointments.data.total > items.length ? <p className="hint">{t('patients.appointments.more', { shown: items.length, total: appointments.data.total })}</p> : null}
    </section>
  );
}
