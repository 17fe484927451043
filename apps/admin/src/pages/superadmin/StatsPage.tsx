import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get } from '../../api/client';
import type { SuperadminStats } from '../../api/types';
import { Empty, ErrorState, Loading, Page } from '../../ui/components';
import { superadminKeys } from './types';
import './superadmin.css';

/** Platform-wide figures: totals over the clinics whose database answered, and each clinic's own. */
export function StatsPage() {
  const { t, i18n } = useTranslation();
  const stats = useQuery({ queryKey: superadminKeys.stats, queryFn: () => get<SuperadminStats>('/api/superadmin/stats') });
  const number = (value: number | null): string => (value === null ? '—' : value.toLocaleString(i18n.language));
  const totals = stats.data
    ? ([
        ['clinics', stats.data.global.total_clinics],
        ['patients', stats.data.global.total_patients],
        ['conversations', stats.data.global.total_conversations],
        ['practitioners', stats.data.global.total_practitioners],
      ] as const)
    : [];
  const unavailable = stats.data?.by_clinic.filter((c) => !c.available).length ?? 0;

  return (
    <Page
      title={t('superadmin.stats.title')}
      actions={
        <button type="button" onClick={() => void stats.refetch()} disabled={stats.isFetching}>
          {stats.isFetching && !stats.isPending ? t('app.loading') : t('superadmin.stats.refresh')}
        </button>
      }
    >
      {stats.isPending ? <Loading /> : null}
      {stats.isError ? <ErrorState error={stats.error} retry={() => void stats.refetch()} /> : null}
      {stats.data ? (
        <>
          <ul className="superadmin-totals" aria-label={t('superadmin.stats.totals')}>
            {totals.map(([key, value]) => (
              <li key={key} className="panel">
                <span className="superadmin-total-value">{number(value)}</span>
                <span className="superadmin-total-label">{t(`superadmin.stats.${key}`)}</span>
              </li>
            ))}
          </ul>
          {unavailable > 0 ? (
            <p className="notice superadmin-warning" role="status">
              {t('superadmin.stats.unavailableNotice', { count: unavailable })}
            </p>
          ) : null}
          <section className="panel" aria-labelledby="superadmin-by-clinic">
            <h2 id="superadmin-by-clinic">{t('superadmin.stats.byClinic')}</h2>
            {stats.data.by_clinic.length === 0 ? <Empty>{t('superadmin.stats.noClinics')}</Empty> : null}
            {stats.data.by_clinic.length > 0 ? (
              <div className="superadmin-table-scroll">
                <table>
                  <thead>
                    <tr>
                      <th>{t('superadmin.stats.clinic')}</th>
                      <th className="superadmin-number">{t('superadmin.stats.patients')}</th>
                      <th className="superadmin-number">{t('superadmin.stats.conversations')}</th>
                      <th className="superadmin-number">{t('superadmin.stats.practitioners')}</th>
                      <th>{t('superadmin.stats.availability')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {stats.data.by_clinic.map((row) => (
                      <tr key={row.clinic_id} className={row.available ? undefined : 'superadmin-unavailable'}>
                        <td>
                          <Link to={`/superadmin/clinics/${row.clinic_id}`}>{row.clinic_name}</Link>
                        </td>
                        <td className="superadmin-number">{number(row.patients)}</td>
                        <td className="superadmin-number">{number(row.conversations)}</td>
                        <td className="superadmin-number">{number(row.practitioners)}</td>
                        <td>
                          <span className={`badge ${row.available ? 'ok' : 'warn'}`}>{row.available ? t('superadmin.stats.available') : t('superadmin.stats.unavailable')}</span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            <p className="hint">{t('superadmin.stats.explain')}</p>
          </section>
        </>
      ) : null}
    </Page>
  );
}
