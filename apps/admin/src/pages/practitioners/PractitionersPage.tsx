import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { get, post, query } from '../../api/client';
import { practitionerName, type PageOf, type Practitioner } from '../../api/types';
import { Empty, ErrorState, Field, Loading, Page } from '../../ui/components';
import { ApiFormError, keys } from './shared';
import './practitioners.css';

const PAGE_SIZE = 25;
type ActiveFilter = 'true' | 'false' | '';

/** The clinic's practitioners: search by name, filter by activity, add one. */
export function PractitionersPage() {
  const { t } = useTranslation();
  const { clinicId = '' } = useParams();
  const [search, setSearch] = useState('');
  const [searched, setSearched] = useState('');
  const [active, setActive] = useState<ActiveFilter>('true');
  const [offset, setOffset] = useState(0);
  const [adding, setAdding] = useState(false);

  // The list follows the search box once typing pauses.
  useEffect(() => {
    const timer = window.setTimeout(() => {
      setSearched(search.trim());
      setOffset(0);
    }, 300);
    return () => window.clearTimeout(timer);
  }, [search]);

  const list = useQuery({
    queryKey: [...keys.practitioners(clinicId), 'list', { search: searched, active, offset }],
    queryFn: () => get<PageOf<Practitioner>>(`/api/clinics/${clinicId}/practitioners${query({ search: searched, active, limit: PAGE_SIZE, offset })}`),
    placeholderData: keepPreviousData,
  });

  return (
    <Page
      title={t('practitioners.list.title')}
      actions={
        <button type="button" className="primary" aria-expanded={adding} aria-controls="practitioners-add" onClick={() => setAdding(!adding)}>
          {t('practitioners.list.add')}
        </button>
      }
    >
      {adding ? <AddPractitioner clinicId={clinicId} onCancel={() => setAdding(false)} /> : null}
      <form className="practitioners-filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <Field label={t('practitioners.list.search')}>
          {(id) => <input id={id} type="search" value={search} maxLength={100} placeholder={t('practitioners.list.searchHint')} onChange={(event) => setSearch(event.target.value)} />}
        </Field>
        <Field label={t('practitioners.list.activeFilter')}>
          {(id) => (
            <select
              id={id}
              value={active}
              onChange={(event) => {
                setActive(event.target.value as ActiveFilter);
                setOffset(0);
              }}
            >
              <option value="true">{t('practitioners.list.onlyActive')}</option>
              <option value="false">{t('practitioners.list.onlyInactive')}</option>
              <option value="">{t('practitioners.list.all')}</option>
            </select>
          )}
        </Field>
      </form>
      {list.isPending ? <Loading /> : null}
      {list.isError ? <ErrorState error={list.error} retry={() => void list.refetch()} /> : null}
      {list.data && list.data.items.length === 0 ? <Empty>{searched || active !== 'true' ? t('practitioners.list.noMatch') : t('practitioners.list.none')}</Empty> : null}
      {list.data && list.data.items.length > 0 ? (
        <>
          <div className="practitioners-table-wrap">
            <table aria-busy={list.isFetching}>
              <thead>
                <tr>
                  <th>{t('practitioners.fields.name')}</th>
                  <th>{t('practitioners.fields.specialty')}</th>
                  <th>{t('practitioners.fields.status')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <Link to={`/clinics/${clinicId}/practitioners/${p.id}`}>{practitionerName(p)}</Link>
                    </td>
                    <td>{p.specialty ?? '—'}</td>
                    <td>
                      <span className={`badge ${p.is_active ? 'ok' : 'warn'}`}>{p.is_active ? t('practitioners.status.active') : t('practitioners.status.inactive')}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pager total={list.data.total} offset={offset} onChange={setOffset} />
        </>
      ) : null}
    </Page>
  );
}

function Pager({ total, offset, onChange }: { total: number; offset: number; onChange: (offset: number) => void }) {
  const { t } = useTranslation();
  if (total <= PAGE_SIZE) return <p className="hint">{t('practitioners.list.count', { count: total })}</p>;
  return (
    <div className="row practitioners-pager" role="navigation" aria-label={t('practitioners.list.pages')}>
      <button type="button" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - PAGE_SIZE))}>
        {t('practitioners.list.previous')}
      </button>
      <span>{t('practitioners.list.range', { from: offset + 1, to: Math.min(total, offset + PAGE_SIZE), total })}</span>
      <button type="button" disabled={offset + PAGE_SIZE >= total} onClick={() => onChange(offset + PAGE_SIZE)}>
        {t('practitioners.list.next')}
      </button>
    </div>
  );
}

/** The "add a practitioner" form; once created, their page opens to set treatments and hours. */
function AddPractitioner({ clinicId, onCancel }: { clinicId: string; onCancel: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [form, setForm] = useState({ first_name: '', last_name: '', specialty: '', google_calendar_id: 'primary' });
  const create = useMutation({
    mutationFn: () =>
      post<Practitioner>(`/api/clinics/${clinicId}/practitioners`, {
        first_name: form.first_name.trim() || undefined,
        last_name: form.last_name.trim(),
        specialty: form.specialty.trim() || undefined,
        google_calendar_id: form.google_calendar_id.trim() || 'primary',
      }),
    onSuccess: async (created) => {
      await queries.invalidateQueries({ queryKey: keys.practitioners(clinicId) });
      void navigate(`/clinics/${clinicId}/practitioners/${created.id}`, { state: { created: true } });
    },
  });
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) => setForm({ ...form, [key]: event.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form id="practitioners-add" className="panel" onSubmit={submit} aria-labelledby="practitioners-add-title">
      <h2 id="practitioners-add-title" className="practitioners-form-title">{t('practitioners.list.addTitle')}</h2>
      <div className="practitioners-grid">
        <Field label={t('practitioners.fields.firstName')}>{(id) => <input id={id} autoFocus maxLength={100} value={form.first_name} onChange={set('first_name')} />}</Field>
        <Field label={t('practitioners.fields.lastName')}>{(id) => <input id={id} required maxLength={100} value={form.last_name} onChange={set('last_name')} />}</Field>
        <Field label={t('practitioners.fields.specialty')}>{(id) => <input id={id} maxLength={120} value={form.specialty} onChange={set('specialty')} />}</Field>
        <Field label={t('practitioners.fields.calendarId')} hint={t('practitioners.fields.calendarIdHint')}>
          {(id) => <input id={id} maxLength={255} value={form.google_calendar_id} onChange={set('google_calendar_id')} />}
        </Field>
      </div>
      <ApiFormError error={create.error} />
      <div className="row">
        <button className="primary" type="submit" disabled={create.isPending}>
          {t('app.create')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}
