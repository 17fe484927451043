import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { get, patch, post } from '../../api/client';
import { Empty, ErrorState, Field, FormError, Loading } from '../../ui/components';
import { superadminKeys, type ClinicUser } from './types';
import { copyText, dateTimeIn, generatePassword } from './util';

/** A clinic's admin accounts: the list, creating one (with a generated password), disabling and enabling. */
export function ClinicUsersPanel({ clinicId, zone, canCreate }: { clinicId: string; zone: string; canCreate: boolean }) {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const users = useQuery({ queryKey: superadminKeys.users(clinicId), queryFn: () => get<ClinicUser[]>(`/api/superadmin/clinics/${clinicId}/users`) });
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [reveal, setReveal] = useState(false);
  const [copied, setCopied] = useState<boolean | null>(null);
  const [created, setCreated] = useState<string | null>(null);

  const create = useMutation({
    mutationFn: () => post<ClinicUser>(`/api/superadmin/clinics/${clinicId}/users`, { username: username.trim(), password }),
    onSuccess: async (user) => {
      setCreated(user.username);
      setUsername('');
      setPassword('');
      setReveal(false);
      setCopied(null);
      await queries.invalidateQueries({ queryKey: superadminKeys.users(clinicId) });
    },
  });
  const toggle = useMutation({
    mutationFn: (user: ClinicUser) => patch<ClinicUser>(`/api/superadmin/clinics/${clinicId}/users/${user.id}`, { disabled: !user.disabled }),
    onSettled: () => queries.invalidateQueries({ queryKey: superadminKeys.users(clinicId) }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    create.mutate();
  };
  const generate = () => {
    setPassword(generatePassword());
    setReveal(true);
    setCopied(null);
  };
  const copy = async () => setCopied(await copyText(password));

  return (
    <section className="panel" aria-labelledby="superadmin-users">
      <h2 id="superadmin-users">{t('superadmin.users.title')}</h2>
      {users.isPending ? <Loading /> : null}
      {users.isError ? <ErrorState error={users.error} retry={() => void users.refetch()} /> : null}
      {users.data?.length === 0 ? <Empty>{t('superadmin.users.empty')}</Empty> : null}
      {users.data && users.data.length > 0 ? (
        <div className="superadmin-table-scroll">
          <table>
            <thead>
              <tr>
                <th>{t('superadmin.users.username')}</th>
                <th>{t('superadmin.users.state')}</th>
                <th>{t('superadmin.users.createdAt')}</th>
                <th>{t('superadmin.users.lastLogin')}</th>
                <th>
                  <span className="superadmin-offscreen">{t('superadmin.users.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((user) => (
                <tr key={user.id}>
                  <td>{user.username}</td>
                  <td>
                    <span className={`badge ${user.disabled ? 'warn' : 'ok'}`}>{user.disabled ? t('superadmin.users.disabled') : t('superadmin.users.enabled')}</span>
                  </td>
                  <td>{dateTimeIn(user.created_at, zone, i18n.language)}</td>
                  <td>{user.last_login_at ? dateTimeIn(user.last_login_at, zone, i18n.language) : t('superadmin.users.never')}</td>
                  <td>
                    <button
                      type="button"
                      className={user.disabled ? undefined : 'danger'}
                      disabled={toggle.isPending && toggle.variables?.id === user.id}
                      aria-label={t(user.disabled ? 'superadmin.users.enableOne' : 'superadmin.users.disableOne', { username: user.username })}
                      onClick={() => toggle.mutate(user)}
                    >
                      {user.disabled ? t('superadmin.users.enable') : t('superadmin.users.disable')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <FormError error={toggle.error} />

      <h3>{t('superadmin.users.new')}</h3>
      {created ? (
        <p className="notice" role="status">
          {t('superadmin.users.created', { username: created })}
        </p>
      ) : null}
      {canCreate ? (
        <form onSubmit={submit} aria-label={t('superadmin.users.new')}>
          <Field label={t('superadmin.users.username')} hint={t('superadmin.users.usernameHint')}>
            {(id) => (
              <input
                id={id}
                required
                autoComplete="off"
                spellCheck={false}
                pattern="[a-zA-Z0-9._@\-]{3,64}"
                maxLength={64}
                value={username}
                onChange={(event) => setUsername(event.target.value)}
              />
            )}
          </Field>
          <Field label={t('superadmin.users.password')} hint={t('superadmin.users.passwordHint')}>
            {(id) => (
              <div className="row">
                <input
                  id={id}
                  className="superadmin-grow"
                  required
                  minLength={12}
                  maxLength={72}
                  type={reveal ? 'text' : 'password'}
                  autoComplete="new-password"
                  spellCheck={false}
                  value={password}
                  onChange={(event) => {
                    setPassword(event.target.value);
                    setCopied(null);
                  }}
                />
                <button type="button" onClick={generate}>
                  {t('superadmin.users.generate')}
                </button>
                <button type="button" aria-pressed={reveal} onClick={() => setReveal(!reveal)}>
                  {reveal ? t('superadmin.users.hide') : t('superadmin.users.show')}
                </button>
                <button type="button" disabled={password === ''} onClick={() => void copy()}>
                  {t('superadmin.copy')}
                </button>
              </div>
            )}
          </Field>
          <p className="superadmin-live" role="status" aria-live="polite">
            {copied === true ? t('superadmin.copied') : copied === false ? t('superadmin.copyFailed') : ''}
          </p>
          <FormError error={create.error} />
          <button className="primary" type="submit" disabled={create.isPending}>
            {create.isPending ? t('superadmin.saving') : t('superadmin.users.create')}
          </button>
        </form>
      ) : (
        <Empty>{t('superadmin.users.cannotCreate')}</Empty>
      )}
    </section>
  );
}
