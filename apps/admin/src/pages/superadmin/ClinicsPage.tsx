import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../api/client';
import type { Clinic, PageOf, SuperadminStats } from '../../api/types';
import { Empty, ErrorState, Loading, Page } from '../../ui/components';

/** Every clinic with its status and its figures (read from each clinic's own database). */
export function ClinicsPage() {
  const { t, i18n } = useTranslation();
  const clinics = useQuery({ queryKey: ['superadmin', 'clinics'], queryFn: () => get<PageOf<Clinic>>('/api/superadmin/clinics?limit=100') });
  const stats = useQuery({ queryKey: ['superadmin', 'stats'], queryFn: () => get<SuperadminStats>('/api/superadmin/stats') });
  const figures = new Map((stats.data?.by_clinic ?? []).map((s) => [s.clinic_id, s]));
  const count = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : String(value));

  return (
    <Page
      title={t('clinics.title')}
      actions={
        <Link className="button primary" to="/superadmin/clinics/new">
          {t('clinics.new')}
        </Link>
      }
    >
      {clinics.isPending ? <Loading /> : null}
      {clinics.isError ? <ErrorState error={clinics.error} retry={() => void clinics.refetch()} /> : null}
      {clinics.data && clinics.data.items.length === 0 ? <Empty /> : null}
      {clinics.data && clinics.data.items.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th>{t('clinics.name')}</th>
              <th>{t('clinics.status')}</th>
              <th>{t('clinics.timezone')}</th>
              <th>{t('clinics.patients')}</th>
              <th>{t('clinics.practitioners')}</th>
              <th>{t('clinics.created')}</th>
            </tr>
          </thead>
          <tbody>
            {clinics.data.items.map((clinic) => (
              <tr key={clinic.id}>
                <td>
                  <Link to={`/superadmin/clinics/${clinic.id}`}>{clinic.name}</Link>
                </td>
                <td>
                  <span className={`badge ${clinic.status === 'active' ? 'ok' : 'warn'}`}>{clinic.status === 'active' ? t('clinics.statusActive') : t('clinics.statusSuspended')}</span>
                </td>
                <td>{clinic.timezone}</td>
                <td>{count(figures.get(clinic.id)?.patients)}</td>
                <td>{count(figures.get(clinic.id)?.practitioners)}</td>
                <td>{new Date(clinic.created_at).toLocaleDateString(i18n.language)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Page>
  );
}
