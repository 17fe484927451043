import { useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { get } from '../../api/client';
import type { Clinic, PageOf, SuperadminStats } from '../../api/types';
import { Empty, ErrorState, Loading, Page } from '../../ui/components';
import './superadmin.css';

const STATUS_BADGE: Record<Clinic['status'], string> = { active: 'ok', suspended: 'warn', provisioning: '', failed: 'warn', decommissioning: 'warn', decommissioned: '' };

/** Every clinic with its status and its figures (read from each clinic's own database). */
export function ClinicsPage() {
  const { t, i18n } = useTranslation();
  const clinics = useQuery({ queryKey: ['superadmin', 'clinics'], queryFn: () => get<PageOf<Clinic>>('/api/superadmin/clinics?limit=100') });
  const stats = useQuery({ queryKey: ['superadmin', 'stats'], queryFn: () => get<SuperadminStats>('/api/superadmin/stats') });
  const figures = new Map((stats.data?.by_clinic ?? []).map((s) => [s.clinic_id, s]));
  const created = useLocation().state as { created?: string; createdId?: string } | null;
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
      {created?.created ? (
        <p className="notice superadmin-created" role="status">
          <span>{t('superadmin.createdNotice', { name: created.created })}</span>
          {created.createdId ? <Link to={`/superadmin/clinics/${created.createdId}`}>{t('superadmin.createdNext')}</Link> : null}
        </p>
      ) : null}
      {clinics.isPending ? <Loading /> : null}
      {clinics.isError ? <ErrorState error={clinics.error} retry={() => void clinics.refetch()} /> : null}
      {clinics.data && clinics.data.items.length === 0 ? <Empty /> : null}
      {clinics.data && clinics.data.items.length > 0 ? (
        <div className="superadmin-table-scroll">
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
                    <span className={`badge ${STATUS_BADGE[clinic.status]}`}>{t(`superadmin.status.${clinic.status}`)}</span>
                  </td>
                  <td>{clinic.timezone}</td>
                  <td>{count(figures.get(clinic.id)?.patients)}</td>
                  <td>{count(figures.get(clinic.id)?.practitioners)}</td>
                  <td>{DateTime.fromISO(clinic.created_at, { zone: clinic.timezone }).setLocale(i18n.language).toLocaleString(DateTime.DATE_MED)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Page>
  );
}
