import { useTranslation } from 'react-i18next';

/** Previous / next through a paginated list, with where the user is. */
export function Pager({ total, limit, offset, onChange }: { total: number; limit: number; offset: number; onChange: (offset: number) => void }) {
  const { t } = useTranslation();
  if (total <= limit && offset === 0) return null;
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(offset + limit, total);
  return (
    <nav className="patients-pager row" aria-label={t('patients.pager.label')}>
      <button type="button" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
        {t('patients.pager.previous')}
      </button>
      <span aria-live="polite">{t('patients.pager.range', { first, last, total })}</span>
      <button type="button" disabled={offset + limit >= total} onClick={() => onChange(offset + limit)}>
        {t('patients.pager.next')}
      </button>
    </nav>
  );
}
