import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { get, post, query } from '../../api/client';
import type { PageOf } from '../../api/types';
import { Empty, ErrorState, Field, Loading, Page } from '../../ui/components';
import { explained } from './errors';
import { calendarDate, patientName, useClinic } from './format';
import { Pager } from './Pager';
import { PatientForm } from './PatientForm';
import type { Patient, PatientInput } from './types';
import './patients.css';

const PAGE_SIZE = 25;
const SEARCH_DELAY_MS = 300;

/** The term as typed, settled once the user pauses (one request per pause, not per key). */
function useSettled(value: string, delay: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), delay);
    return () => window.clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/**
 * The clinic's patients: search by name or phone (the term stays in this page's state, never in the URL), a page at
 * a time, and the form to add one.
 */
export function PatientsPage() {
  const { t, i18n } = useTranslation();
  const { clinicId = '' } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const queries = useQueryClient();
  const clinic = useClinic(clinicId);
  const [term, setTerm] = useState('');
  const [offset, setOffset] = useState(0);
  const [adding, setAdding] = useState(false);
  const search = useSettled(term.trim(), SEARCH_DELAY_MS);
  const erased = (location.state as { erased?: boolean } | null)?.erased === true;

  const patients = useQuery({
    queryKey: ['patients', clinicId, 'list', search, offset],
    queryFn: () => get<PageOf<Patient>>(`/api/clinics/${clinicId}/patients${query({ search, limit: PAGE_SIZE, offset })}`),
    placeholderData: keepPreviousData,
    // Colleagues and the assistant add patients all day: coming back to the list reads it again.
    staleTime: 0,
  });
  const create = useMutation({
    mutationFn: (body: PatientInput) => post<Patient>(`/api/clinics/${clinicId}/patients`, body),
    onSuccess: async (patient) => {
      await queries.invalidateQueries({ queryKey: ['patients', clinicId] });
      void navigate(`/clinics/${clinicId}/patients/${patient.id}`, { state: { created: true } });
    },
  });

  const list = patients.data;
  return (
    <Page
      title={t('patients.title')}
      actions={
        adding ? null : (
          <button type="button" className="primary" onClick={() => setAdding(true)}>
            {t('patients.add')}
          </button>
        )
      }
    >
      {erased ? (
        <p className="notice" role="status">
          {t('patients.erase.done')}
        </p>
      ) : null}
      {adding ? (
        <section className="panel patients-panel" aria-labelledby="patients-add">
          <h2 id="patients-add">{t('patients.add')}</h2>
          <PatientForm
            country={clinic.data?.settings.default_phone_country ?? 'FR'}
            submitLabel={t('patients.form.create')}
            pending={create.isPending}
            error={explained(create.error, t)}
            onSubmit={(body) => create.mutate(body)}
            onCancel={() => {
              create.reset();
              setAdding(false);
            }}
          />
        </section>
      ) : null}
      <div className="panel">
        <form role="search" onSubmit={(event) => event.preventDefault()}>
          <Field label={t('patients.search')} hint={t('patients.searchHint')}>
            {(id) => (
              <input
                id={id}
                type="search"
                autoComplete="off"
                maxLength={100}
                value={term}
                onChange={(event) => {
                  setTerm(event.target.value);
                  setOffset(0);
                }}
              />
            )}
          </Field>
        </form>
        {patients.isPending ? <Loading /> : null}
        {patients.isError ? <ErrorState error={patients.error} retry={() => void patients.refetch()} /> : null}
        {list && list.items.length === 0 ? <Empty>{search ? t('patients.noMatch') : t('patients.none')}</Empty> : null}
        {list && list.items.length > 0 ? (
          <>
            <div className="patients-table-wrap">
              <table aria-busy={patients.isFetching}>
                <caption className="patients-caption">{t('patients.count', { count: list.total })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('patients.fields.name')}</th>
                    <th scope="col">{t('patients.fields.phone')}</th>
                    <th scope="col">{t('patients.fields.email')}</th>
                    <th scope="col">{t('patients.fields.birthDate')}</th>
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((p) => (
                    <tr key={p.id}>
                      <td>
                        <Link to={`/clinics/${clinicId}/patients/${p.id}`}>{patientName(p) ?? t('patients.unnamed')}</Link>
                      </td>
                      <td className="patients-nowrap">{p.phone}</td>
                      <td>{p.email ?? '—'}</td>
                      <td className="patients-nowrap">{calendarDate(p.birth_date, i18n.language)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pager total={list.total} limit={PAGE_SIZE} offset={offset} onChange={setOffset} />
          </>
        ) : null}
      </div>
    </Page>
  );
}
