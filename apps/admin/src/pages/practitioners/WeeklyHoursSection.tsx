import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Info } from 'luxon';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { put } from '../../api/client';
import { Field } from '../../ui/components';
import { ApiFormError, Section, keys } from './shared';
import type { PractitionerDetail, WorkingRange } from './types';

interface EditedRange {
  /** Stable identity for React while ranges are added and removed. */
  key: number;
  start: string;
  end: string;
}

type Week = Record<number, EditedRange[]>;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

interface Editor {
  week: Week;
  /** The key the next added range gets. */
  next: number;
}

/** The API's ranges as the editor holds them, keyed from `from` on. */
function toEditor(ranges: WorkingRange[], from = 0): Editor {
  let next = from;
  const week = Object.fromEntries(WEEKDAYS.map((day) => [day, ranges.filter((r) => r.weekday === day).map((r) => ({ key: next++, start: r.start, end: r.end }))]));
  return { week, next };
}

const minutes = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const hhmm = (total: number): string => `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;

/** The practitioner's week: per weekday, any number of working ranges; the gaps between them are breaks. */
export function WeeklyHoursSection({ clinicId, practitioner, zone }: { clinicId: string; practitioner: PractitionerDetail; zone: string }) {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const [{ week, next }, setEditor] = useState<Editor>(() => toEditor(practitioner.working_hours));
  const [incomplete, setIncomplete] = useState(false);
  const [saved, setSaved] = useState(false);
  const names = Info.weekdays('long', { locale: i18n.language });

  const save = useMutation({
    mutationFn: (ranges: WorkingRange[]) => put<{ ranges: WorkingRange[] }>(`/api/clinics/${clinicId}/practitioners/${practitioner.id}/working-hours`, { ranges }),
    onSuccess: async (answer) => {
      setEditor(toEditor(answer.ranges, next));
      setSaved(true);
      await queries.invalidateQueries({ queryKey: keys.practitioner(clinicId, practitioner.id) });
    },
  });

  const edit = (day: number, ranges: EditedRange[], counter = next) => {
    setSaved(false);
    setIncomplete(false);
    save.reset();
    setEditor({ week: { ...week, [day]: ranges }, next: counter });
  };
  const add = (day: number) => {
    const ranges = week[day] ?? [];
    const last = ranges[ranges.length - 1];
    const start = last && last.end ? Math.min(minutes(last.end) + 60, 22 * 60) : 9 * 60;
    edit(day, [...ranges, { key: next, start: hhmm(start), end: hhmm(Math.min(start + 180, 23 * 60 + 59)) }], next + 1);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const ranges = WEEKDAYS.flatMap((day) => (week[day] ?? []).map((r) => ({ weekday: day, start: r.start, end: r.end })));
    if (ranges.some((r) => !r.start || !r.end)) {
      setIncomplete(true);
      return;
    }
    save.mutate(ranges);
  };

  return (
    <Section id="practitioner-hours" title={t('practitioners.hours.title')}>
      <p className="hint">{t('practitioners.hours.hint', { zone })}</p>
      <form onSubmit={submit}>
        <div className="practitioners-week">
          {WEEKDAYS.map((day) => {
            const ranges = week[day] ?? [];
            const dayName = names[day - 1] ?? String(day);
            const sorted = [...ranges].filter((r) => r.start && r.end).sort((a, b) => a.start.localeCompare(b.start));
            const breaks = sorted.slice(1).flatMap((r, i) => (sorted[i] && sorted[i].end < r.start ? [`${sorted[i].end}–${r.start}`] : []));
            return (
              <fieldset key={day} className="practitioners-day">
                <legend>{dayName}</legend>
                {ranges.length === 0 ? <p className="practitioners-off">{t('practitioners.hours.off')}</p> : null}
                {ranges.map((range, index) => (
                  <div key={range.key} className="practitioners-range">
                    <Field label={t('practitioners.hours.start')}>
                      {(id) => <input id={id} type="time" required value={range.start} onChange={(event) => edit(day, ranges.map((r) => (r.key === range.key ? { ...r, start: event.target.value } : r)))} />}
                    </Field>
                    <Field label={t('practitioners.hours.end')}>
                      {(id) => <input id={id} type="time" required value={range.end} onChange={(event) => edit(day, ranges.map((r) => (r.key === range.key ? { ...r, end: event.target.value } : r)))} />}
                    </Field>
                    <button type="button" aria-label={t('practitioners.hours.removeRange', { day: dayName, number: index + 1 })} onClick={() => edit(day, ranges.filter((r) => r.key !== range.key))}>
                      {t('practitioners.hours.remove')}
                    </button>
                  </div>
                ))}
                {breaks.length > 0 ? <p className="hint practitioners-breaks">{t('practitioners.hours.breaks', { breaks: breaks.join(', ') })}</p> : null}
                <button type="button" className="practitioners-add-range" aria-label={t('practitioners.hours.addRangeOn', { day: dayName })} onClick={() => add(day)}>
                  + {t('practitioners.hours.addRange')}
                </button>
              </fieldset>
            );
          })}
        </div>
        {incomplete ? (
          <p className="form-error" role="alert">
            {t('practitioners.hours.incomplete')}
          </p>
        ) : null}
        <ApiFormError error={save.error} />
        <div className="row">
          <button className="primary" type="submit" disabled={save.isPending}>
            {t('practitioners.hours.save')}
          </button>
          {saved && !save.isPending ? (
            <span className="practitioners-saved" role="status">
              {t('practitioners.saved')}
            </span>
          ) : null}
        </div>
      </form>
    </Section>
  );
}
