import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { del, get, post, query } from '../../api/client';
import type { PageOf } from '../../api/types';
import { Empty, ErrorState, Field, Loading } from '../../ui/components';
import { ApiFormError, ConfirmButton, Section, keys } from './shared';
import type { Closure, ClosureInput } from './types';

/** This practitioner's absences and the clinic's closures, from today on (in the clinic's zone); add or remove an absence. */
export function ClosuresSection({ clinicId, practitionerId, zone }: { clinicId: string; practitionerId: string; zone: string }) {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const today = DateTime.now().setZone(zone).toISODate() ?? '';
  const [adding, setAdding] = useState(false);
  const closures = useQuery({
    queryKey: [...keys.closures(clinicId, practitionerId), today],
    queryFn: () => get<PageOf<Closure>>(`/api/clinics/${clinicId}/closures${query({ practitioner_id: practitionerId, from: today, limit: 100 })}`),
  });
  const remove = useMutation({
    mutationFn: (id: string) => del<void>(`/api/clinics/${clinicId}/closures/${id}`),
    onSuccess: () => queries.invalidateQueries({ queryKey: ['closures', clinicId] }),
  });

  const day = (iso: string): string => DateTime.fromISO(iso, { zone }).setLocale(i18n.language).toLocaleString(DateTime.DATE_MED_WITH_WEEKDAY);
  const time = (hhmm: string): string => DateTime.fromFormat(hhmm === '24:00' ? '23:59' : hhmm, 'HH:mm', { zone }).setLocale(i18n.language).toLocaleString(DateTime.TIME_SIMPLE);
  const period = (c: Closure): string => {
    if (c.whole_days) return c.starts_on === c.ends_on ? day(c.starts_on) : t('practitioners.closures.fromTo', { from: day(c.starts_on), to: day(c.ends_on) });
    const from = `${day(c.starts_on)} ${c.start_time ? time(c.start_time) : time('00:00')}`;
    const to = c.end_time ? time(c.end_time) : t('practitioners.closures.endOfDay');
    return c.starts_on === c.ends_on ? `${from} – ${to}` : `${from} – ${day(c.ends_on)} ${to}`;
  };

  return (
    <Section
      id="practitioner-closures"
      title={t('practitioners.closures.title')}
      actions={
        <button type="button" aria-expanded={adding} onClick={() => setAdding(!adding)}>
          {t('practitioners.closures.add')}
        </button>
      }
    >
      <p className="hint">{t('practitioners.closures.hint', { zone })}</p>
      {adding ? <AddClosure clinicId={clinicId} practitionerId={practitionerId} today={today} onDone={() => setAdding(false)} /> : null}
      {closures.isPending ? <Loading /> : null}
      {closures.isError ? <ErrorState error={closures.error} retry={() => void closures.refetch()} /> : null}
      {closures.data && closures.data.items.length === 0 ? <Empty>{t('practitioners.closures.none')}</Empty> : null}
      {closures.data && closures.data.items.length > 0 ? (
        <div className="practitioners-table-wrap">
          <table>
            <thead>
              <tr>
                <th>{t('practitioners.closures.period')}</th>
                <th>{t('practitioners.closures.kind')}</th>
                <th>{t('practitioners.closures.reason')}</th>
                <th>
                  <span className="practitioners-visually-hidden">{t('practitioners.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {closures.data.items.map((c) => (
                <tr key={c.id}>
                  <td>{period(c)}</td>
                  <td>
                    <span className={`badge ${c.practitioner_id ? '' : 'warn'}`}>{c.practitioner_id ? t('practitioners.closures.absence') : t('practitioners.closures.clinicClosed')}</span>{' '}
                    {c.whole_days ? t('practitioners.closures.wholeDays') : t('practitioners.closures.partDay')}
                  </td>
                  <td>{c.reason ?? '—'}</td>
                  <td>
                    {c.practitioner_id ? (
                      <ConfirmButton
                        label={t('practitioners.closures.remove')}
                        question={t('practitioners.closures.removeQuestion')}
                        confirmLabel={t('practitioners.closures.removeConfirm')}
                        busy={remove.isPending}
                        onConfirm={() => remove.mutate(c.id)}
                      />
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <ApiFormError error={remove.error} />
    </Section>
  );
}

/** A new absence: whole days, or part of a day with times (local to the clinic). */
function AddClosure({ clinicId, practitionerId, today, onDone }: { clinicId: string; practitionerId: string; today: string; onDone: () => void }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [form, setForm] = useState({ starts_on: today, ends_on: today, whole: true, start_time: '', end_time: '', reason: '' });
  const create = useMutation({
    mutationFn: (body: ClosureInput) => post<Closure>(`/api/clinics/${clinicId}/closures`, body),
    onSuccess: async () => {
      await queries.invalidateQueries({ queryKey: ['closures', clinicId] });
      onDone();
    },
  });
  const set = (key: 'starts_on' | 'ends_on' | 'start_time' | 'end_time' | 'reason') => (event: { target: { value: string } }) => {
    const value = event.target.value;
    // Moving the first day past the last moves the last day with it.
    if (key === 'starts_on' && value > form.ends_on) setForm({ ...form, starts_on: value, ends_on: value });
    else setForm({ ...form, [key]: value });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({
      practitioner_id: practitionerId,
      starts_on: form.starts_on,
      ends_on: form.ends_on,
      start_time: !form.whole && form.start_time ? form.start_time : undefined,
      end_time: !form.whole && form.end_time ? form.end_time : undefined,
      reason: form.reason.trim() || undefined,
    });
  };
  return (
    <form className="practitioners-subform" onSubmit={submit} aria-label={t('practitioners.closures.addTitle')}>
      <div className="practitioners-grid">
        <Field label={t('practitioners.closures.startsOn')}>{(id) => <input id={id} type="date" required value={form.starts_on} onChange={set('starts_on')} />}</Field>
        <Field label={t('practitioners.closures.endsOn')}>{(id) => <input id={id} type="date" required min={form.starts_on} value={form.ends_on} onChange={set('ends_on')} />}</Field>
      </div>
      <label className="practitioners-check">
        <input type="checkbox" checked={form.whole} onChange={(event) => setForm({ ...form, whole: event.target.checked })} />
        <span>{t('practitioners.closures.wholeDaysLabel')}</span>
      </label>
      {!form.whole ? (
        <div className="practitioners-grid">
          <Field label={t('practitioners.closures.startTime')} hint={t('practitioners.closures.startTimeHint')}>
            {(id) => <input id={id} type="time" value={form.start_time} onChange={set('start_time')} />}
          </Field>
          <Field label={t('practitioners.closures.endTime')} hint={t('practitioners.closures.endTimeHint')}>
            {(id) => <input id={id} type="time" value={form.end_time} onChange={set('end_time')} />}
          </Field>
        </div>
      ) : null}
      <Field label={t('practitioners.closures.reason')} hint={t('practitioners.closures.reasonHint')}>
        {(id) => <input id={id} maxLength={200} value={form.reason} onChange={set('reason')} />}
      </Field>
      <ApiFormError error={create.error} />
      <div className="row">
        <button className="primary" type="submit" disabled={create.isPending}>
          {t('practitioners.closures.save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}
