import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';

/**
 * A failed call as the API explained it (its error shape): the message, then its code and request id in small
 * print, so that the superadmin can quote them (the request id is in the API's logs too).
 */
export function ApiErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const message = error instanceof ApiError || error instanceof Error ? error.message : t('app.error');
  const reference = error instanceof ApiError ? [error.code, error.requestId ? t('superadmin.requestId', { id: error.requestId }) : null].filter(Boolean).join(' · ') : '';
  return (
    <div className="form-error superadmin-api-error" role="alert">
      <span>{message || t('app.error')}</span>
      {reference ? <small className="superadmin-mono">{reference}</small> : null}
    </div>
  );
}
