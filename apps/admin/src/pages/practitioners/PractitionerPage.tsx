import { useQuery } from '@tanstack/react-query';
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { get } from '../../api/client';
import { practitionerName } from '../../api/types';
import { ErrorState, Loading, Page } from '../../ui/components';
import { CalendarOutcomeNotice, CalendarSection } from './CalendarSection';
import { ClosuresSection } from './ClosuresSection';
import { OfferedTreatmentsSection } from './OfferedTreatmentsSection';
import { ProfileSection } from './ProfileSection';
import { keys, useClinic } from './shared';
import type { PractitionerDetail } from './types';
import { WeeklyHoursSection } from './WeeklyHoursSection';
import './practitioners.css';

/** One practitioner: profile, the treatments they offer, their week, their absences and their Google Calendar. */
export function PractitionerPage() {
  const { t } = useTranslation();
  const { clinicId = '', practitionerId = '' } = useParams();
  const location = useLocation();
  const clinic = useClinic(clinicId);
  const detail = useQuery({
    queryKey: keys.practitioner(clinicId, practitionerId),
    queryFn: () => get<PractitionerDetail>(`/api/clinics/${clinicId}/practitioners/${practitionerId}`),
  });
  const back = (
    <Link className="button" to={`/clinics/${clinicId}/practitioners`}>
      {t('practitioners.detail.back')}
    </Link>
  );

  if (detail.isPending || clinic.isPending) return <Loading />;
  if (detail.isError) return <ErrorState error={detail.error} retry={() => void detail.refetch()} />;
  if (clinic.isError) return <ErrorState error={clinic.error} retry={() => void clinic.refetch()} />;
  const practitioner = detail.data;
  const zone = clinic.data.timezone;
  const justCreated = (location.state as { created?: boolean } | null)?.created === true;

  return (
    <Page title={practitionerName(practitioner)} actions={back}>
      <p className="practitioners-subtitle">
        {practitioner.specialty ? <span>{practitioner.specialty}</span> : null}
        <span className={`badge ${practitioner.is_active ? 'ok' : 'warn'}`}>{practitioner.is_active ? t('practitioners.status.active') : t('practitioners.status.inactive')}</span>
      </p>
      {justCreated ? (
        <p className="notice" role="status">
          {t('practitioners.detail.created')}
        </p>
      ) : null}
      <CalendarOutcomeNotice />
      {/* Not a <nav>: the shell styles every nav of the page as its side bar. */}
      <div className="practitioners-jump" role="navigation" aria-label={t('practitioners.detail.sections')}>
        <a href="#practitioner-profile">{t('practitioners.profile.title')}</a>
        <a href="#practitioner-treatments">{t('practitioners.offers.title')}</a>
        <a href="#practitioner-hours">{t('practitioners.hours.title')}</a>
        <a href="#practitioner-closures">{t('practitioners.closures.title')}</a>
        <a href="#practitioner-calendar">{t('practitioners.calendar.title')}</a>
      </div>
      {/* A fragment keyed by the practitioner: moving to another practitioner starts every form afresh. */}
      <Fragment key={practitioner.id}>
        <ProfileSection clinicId={clinicId} practitioner={practitioner} />
        <OfferedTreatmentsSection clinicId={clinicId} practitioner={practitioner} />
        <WeeklyHoursSection clinicId={clinicId} practitioner={practitioner} zone={zone} />
        <ClosuresSection clinicId={clinicId} practitionerId={practitionerId} zone={zone} />
        <CalendarSection clinicId={clinicId} practitionerId={practitionerId} zone={zone} />
      </Fragment>
    </Page>
  );
}
