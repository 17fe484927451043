import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { get, put } from '../../api/client';
import type { PageOf } from '../../api/types';
import { Empty, ErrorState, Field, Loading } from '../../ui/components';
import { ApiFormError, Section, keys, localized } from './shared';
import type { OfferedTreatment, PractitionerDetail, Treatment } from './types';

interface Choice {
  offered: boolean;
  /** The practitioner's own duration in minutes, as typed; empty: the treatment's. */
  duration: string;
}

/** Which of the clinic's treatments this practitioner offers, each with an optional duration of their own. */
export function OfferedTreatmentsSection({ clinicId, practitioner }: { clinicId: string; practitioner: PractitionerDetail }) {
  const { t } = useTranslation();
  const treatments = useQuery({
    queryKey: [...keys.treatments(clinicId), 'all'],
    queryFn: () => get<PageOf<Treatment>>(`/api/clinics/${clinicId}/treatments?limit=200`),
  });
  return (
    <Section id="practitioner-treatments" title={t('practitioners.offers.title')}>
      {treatments.isPending ? <Loading /> : null}
      {treatments.isError ? <ErrorState error={treatments.error} retry={() => void treatments.refetch()} /> : null}
      {treatments.data && treatments.data.items.length === 0 ? (
        <Empty>
          {t('practitioners.offers.noTreatments')} <Link to={`/clinics/${clinicId}/treatments`}>{t('practitioners.offers.createTreatments')}</Link>
        </Empty>
      ) : null}
      {treatments.data && treatments.data.items.length > 0 ? (
        <OffersForm key={practitioner.id} clinicId={clinicId} practitionerId={practitioner.id} offered={practitioner.treatments} treatments={treatments.data.items} />
      ) : null}
    </Section>
  );
}

function OffersForm({ clinicId, practitionerId, offered, treatments }: { clinicId: string; practitionerId: string; offered: OfferedTreatment[]; treatments: Treatment[] }) {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const [choices, setChoices] = useState<Record<string, Choice>>(() =>
    Object.fromEntries(offered.map((o) => [o.treatment_id, { offered: true, duration: o.custom_duration_minutes === null ? '' : String(o.custom_duration_minutes) }])),
  );
  const [saved, setSaved] = useState(false);
  const offeredIds = new Set(offered.map((o) => o.treatment_id));
  // Inactive treatments are listed only when this practitioner still offers them (so they can be removed).
  const shown = treatments.filter((tr) => tr.is_active || offeredIds.has(tr.id));
  const save = useMutation({
    mutationFn: () =>
      put(`/api/clinics/${clinicId}/practitioners/${practitionerId}/treatments`, {
        treatments: Object.entries(choices)
          .filter(([, c]) => c.offered)
          .map(([treatment_id, c]) => ({ treatment_id, duration_minutes: c.duration.trim() === '' ? null : Number(c.duration) })),
      }),
    onSuccess: async () => {
      setSaved(true);
      await queries.invalidateQueries({ queryKey: keys.practitioner(clinicId, practitionerId) });
    },
  });
  const change = (id: string, next: Partial<Choice>) => {
    setSaved(false);
    setChoices({ ...choices, [id]: { ...(choices[id] ?? { offered: false, duration: '' }), ...next } });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form onSubmit={submit}>
      <p className="hint">{t('practitioners.offers.hint')}</p>
      <ul className="practitioners-offers">
        {shown.map((treatment) => {
          const choice = choices[treatment.id] ?? { offered: false, duration: '' };
          const name = localized(treatment.name, i18n.language);
          return (
            <li key={treatment.id} className={choice.offered ? 'is-offered' : undefined}>
              <label className="practitioners-check">
                <input type="checkbox" checked={choice.offered} onChange={(event) => change(treatment.id, { offered: event.target.checked })} />
                <span>
                  {name}
                  {!treatment.is_active ? <span className="badge warn">{t('practitioners.status.inactive')}</span> : null}
                </span>
              </label>
              <Field label={t('practitioners.offers.duration', { name })} hint={t('practitioners.offers.durationHint', { minutes: treatment.duration_minutes })}>
                {(id) => (
                  <input
                    id={id}
                    type="number"
                    inputMode="numeric"
                    min={5}
                    max={720}
                    disabled={!choice.offered}
                    placeholder={String(treatment.duration_minutes)}
                    value={choice.duration}
                    onChange={(event) => change(treatment.id, { duration: event.target.value })}
                  />
                )}
              </Field>
            </li>
          );
        })}
      </ul>
      <ApiFormError error={save.error} />
      <div className="row">
        <button className="primary" type="submit" disabled={save.isPending}>
          {t('practitioners.offers.save')}
        </button>
        {saved && !save.isPending ? (
          <span className="practitioners-saved" role="status">
            {t('practitioners.saved')}
          </span>
        ) : null}
      </div>
    </form>
  );
}
