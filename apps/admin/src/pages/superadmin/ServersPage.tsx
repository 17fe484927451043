import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { get, patch } from '../../api/client';
import { Empty, ErrorState, Loading, Page } from '../../ui/components';
import { ApiErrorMessage } from './ApiErrorMessage';
import { ConfirmDialog } from './ConfirmDialog';
import { MAX_SERVER_CAPACITY, superadminKeys, type DatabaseServer, type ServerPatch } from './types';
import './superadmin.css';

const patchServer = (server: DatabaseServer, changes: ServerPatch): Promise<DatabaseServer> => patch<DatabaseServer>(`/api/superadmin/servers/${server.id}`, changes);

/** A server's capacity, changed in place: its number, or a small form (the API's error under it). */
function CapacityCell({ server, onSaved }: { server: DatabaseServer; onSaved: (server: DatabaseServer) => void }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const inputId = useId();
  const hintId = useId();
  const [value, setValue] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (capacity: number) => patchServer(server, { capacity }),
    onSuccess: async (updated) => {
      setValue(null);
      onSaved(updated);
      await queries.invalidateQueries({ queryKey: superadminKeys.servers });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value === null || save.isPending) return;
    save.mutate(Number(value));
  };

  if (value === null) {
    return (
      <div className="superadmin-capacity">
        <span className="superadmin-number">{server.capacity}</span>
        <button
          type="button"
          aria-label={t('superadmin.servers.editCapacityOne', { name: server.name })}
          onClick={() => {
            save.reset();
            setValue(String(server.capacity));
          }}
        >
          {t('superadmin.servers.editCapacity')}
        </button>
      </div>
    );
  }
  return (
    <form className="superadmin-capacity-form" onSubmit={submit}>
      <label className="superadmin-offscreen" htmlFor={inputId}>
        {t('superadmin.servers.capacityOf', { name: server.name })}
      </label>
      <input
        id={inputId}
        type="number"
        inputMode="numeric"
        required
        min={0}
        max={MAX_SERVER_CAPACITY}
        step={1}
        autoFocus
        aria-describedby={hintId}
        value={value}
        onChange={(event) => setValue(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && !save.isPending) setValue(null);
        }}
      />
      <small id={hintId} className="hint">
        {t('superadmin.servers.capacityHint')}
      </small>
      <ApiErrorMessage error={save.error} />
      <div className="row">
        <button className="primary" type="submit" disabled={save.isPending}>
          {save.isPending ? t('superadmin.saving') : t('app.save')}
        </button>
        <button type="button" onClick={() => setValue(null)} disabled={save.isPending}>
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The PostgreSQL servers holding clinic databases: their use, draining or reopening one, its capacity. */
export function ServersPage() {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const servers = useQuery({ queryKey: superadminKeys.servers, queryFn: () => get<DatabaseServer[]>('/api/superadmin/servers') });
  const [asking, setAsking] = useState<DatabaseServer | null>(null);
  const [done, setDone] = useState('');
  const draining = asking?.status === 'accepting';

  const toggle = useMutation({
    mutationFn: (server: DatabaseServer) => patchServer(server, { status: server.status === 'accepting' ? 'draining' : 'accepting' }),
    onSuccess: async (updated) => {
      setAsking(null);
      setDone(t(updated.status === 'draining' ? 'superadmin.servers.drained' : 'superadmin.servers.accepted', { name: updated.name }));
      await queries.invalidateQueries({ queryKey: superadminKeys.servers });
    },
  });
  const ask = (server: DatabaseServer) => {
    toggle.reset();
    setDone('');
    setAsking(server);
  };
  const capacitySaved = (server: DatabaseServer) => setDone(t('superadmin.servers.capacitySaved', { name: server.name, capacity: server.capacity }));
  const noRoom = servers.data !== undefined && servers.data.length > 0 && !servers.data.some((s) => s.status === 'accepting' && s.room > 0);

  return (
    <Page title={t('superadmin.servers.title')}>
      <p>{t('superadmin.servers.explain')}</p>
      <p className="notice">{t('superadmin.servers.addByCli')}</p>
      {noRoom ? (
        <p className="notice superadmin-warning" role="status">
          {t('superadmin.servers.noRoom')}
        </p>
      ) : null}
      <p className="superadmin-live" role="status" aria-live="polite">
        {done}
      </p>
      {servers.isPending ? <Loading /> : null}
      {servers.isError ? <ErrorState error={servers.error} retry={() => void servers.refetch()} /> : null}
      {servers.data?.length === 0 ? <Empty /> : null}
      {servers.data && servers.data.length > 0 ? (
        <div className="superadmin-table-scroll">
          <table className="superadmin-servers" aria-label={t('superadmin.servers.title')}>
            <thead>
              <tr>
                <th scope="col">{t('superadmin.servers.name')}</th>
                <th scope="col">{t('superadmin.servers.address')}</th>
                <th scope="col">{t('superadmin.servers.status')}</th>
                <th scope="col">{t('superadmin.servers.capacity')}</th>
                <th scope="col" className="superadmin-number">
                  {t('superadmin.servers.clinics')}
                </th>
                <th scope="col" className="superadmin-number">
                  {t('superadmin.servers.room')}
                </th>
                <th scope="col">{t('superadmin.servers.primary')}</th>
                <th scope="col">
                  <span className="superadmin-offscreen">{t('superadmin.servers.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {servers.data.map((server) => (
                <tr key={server.id}>
                  <th scope="row">{server.name}</th>
                  <td>
                    {server.host}:{server.port}
                  </td>
                  <td>
                    <span className={`badge ${server.status === 'accepting' ? 'ok' : 'warn'}`}>{t(`superadmin.servers.${server.status}`)}</span>
                  </td>
                  <td>
                    <CapacityCell server={server} onSaved={capacitySaved} />
                  </td>
                  <td className="superadmin-number">{server.clinics}</td>
                  <td className="superadmin-number">{server.room}</td>
                  <td>{server.is_primary ? t('superadmin.servers.primaryYes') : t('superadmin.servers.primaryNo')}</td>
                  <td>
                    <button
                      type="button"
                      className={server.status === 'accepting' ? 'danger' : 'primary'}
                      aria-label={t(server.status === 'accepting' ? 'superadmin.servers.drainOne' : 'superadmin.servers.acceptOne', { name: server.name })}
                      onClick={() => ask(server)}
                    >
                      {server.status === 'accepting' ? t('superadmin.servers.drain') : t('superadmin.servers.accept')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <ConfirmDialog
        open={asking !== null}
        title={asking ? t(draining ? 'superadmin.servers.drainTitle' : 'superadmin.servers.acceptTitle', { name: asking.name }) : ''}
        confirmLabel={draining ? t('superadmin.servers.drainConfirm') : t('superadmin.servers.acceptConfirm')}
        danger={draining}
        busy={toggle.isPending}
        error={toggle.error}
        onConfirm={() => {
          if (asking && !toggle.isPending) toggle.mutate(asking);
        }}
        onCancel={() => setAsking(null)}
      >
        <p>
          {asking
            ? draining
              ? t('superadmin.servers.drainBody', { count: asking.clinics })
              : t('superadmin.servers.acceptBody', { room: asking.room, capacity: asking.capacity })
            : null}
        </p>
      </ConfirmDialog>
    </Page>
  );
}
