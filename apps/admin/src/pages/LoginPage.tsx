import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { useSession } from '../session/session';
import { Field } from '../ui/components';

/** Where a user lands after signing in: the page they asked for, or their home. */
export function homeOf(user: { role: string; clinicId: string | null }): string {
  return user.role === 'SUPERADMIN' || !user.clinicId ? '/superadmin/clinics' : `/clinics/${user.clinicId}`;
}

export function LoginPage() {
  const { t } = useTranslation();
  const { session, endReason, login } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: string } | null)?.from;

  if (session) return <Navigate to={from ?? homeOf(session.user)} replace />;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const user = await login(username, password);
      void navigate(from ?? homeOf(user), { replace: true });
    } catch (failure) {
      setError(failure instanceof ApiError && failure.status === 429 ? t('login.throttled') : t('login.failed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login panel">
      <h1>{t('login.title')}</h1>
      {endReason === 'expired' ? <p className="notice" role="status">{t('login.expired')}</p> : null}
      {endReason === 'logged_out' ? <p className="notice" role="status">{t('login.loggedOut')}</p> : null}
      <form onSubmit={(event) => void submit(event)}>
        <Field label={t('login.username')}>{(id) => <input id={id} name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />}</Field>
        <Field label={t('login.password')}>
          {(id) => <input id={id} name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button className="primary" type="submit" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </main>
  );
}
