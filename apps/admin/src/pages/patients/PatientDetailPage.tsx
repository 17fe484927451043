import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError, get, patch } from '../../api/client';
import { Empty, ErrorState, FormError, Loading, Page } from '../../ui/components';
import { EraseSection } from './EraseSection';
import { explained } from './errors';
import { calendarDate, dateTime, downloadJson, patientName, useClinic } from './format';
import { PatientAppointments } from './PatientAppointments';
import { PatientConversationPanel } from './PatientConversation';
import { PatientForm } from './PatientForm';
import type { Patient, PatientInput } from './types';
import './patients.css';

/** A patient's record (editable), their appointments and WhatsApp conversation, export and erasure. */
export function PatientDetailPage() {
  const { t, i18n } = useTranslation();
  const { clinicId = '', patientId = '' } = useParams();
  const location = useLocation();
  const queries = useQueryClient();
  const navigate = useNavigate();
  const clinic = useClinic(clinicId);
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const created = (location.state as { created?: boolean } | null)?.created === true;
  const key = ['patients', clinicId, 'detail', patientId];
  const patient = useQuery({ queryKey: key, queryFn: () => get<Patient>(`/api/clinics/${clinicId}/patients/${patientId}`) });

  const update = useMutation({
    mutationFn: (body: PatientInput) => patch<Patient>(`/api/clinics/${clinicId}/patients/${patientId}`, body),
    onSuccess: async (updated) => {
      queries.setQueryData(key, updated);
      setEditing(false);
      setSaved(true);
      await queries.invalidateQueries({ queryKey: ['patients', clinicId, 'list'] });
    },
  });
  const exporting = useMutation({
    mutationFn: () => get<unknown>(`/api/clinics/${clinicId}/patients/${patientId}/export`),
    onSuccess: (data) => downloadJson(data, `patient-${patientId}.json`),
  });
  const back = (
    <Link className="button" to={`/clinics/${clinicId}/patients`}>
      {t('patients.backToList')}
    </Link>
  );

  if (patient.isPending || clinic.isPending) return <Loading />;
  if (patient.isError) {
    const missing = patient.error instanceof ApiError && patient.error.status === 404;
    return (
      <Page title={t('patients.detail')} actions={back}>
        {missing ? <Empty>{t('patients.errors.PATIENT_NOT_FOUND')}</Empty> : <ErrorState error={patient.error} retry={() => void patient.refetch()} />}
      </Page>
    );
  }
  if (clinic.isError) return <ErrorState error={clinic.error} retry={() => void clinic.refetch()} />;
  const p = patient.data;
  const zone = clinic.data.timezone;
  const name = patientName(p) ?? t('patients.unnamed');
  const insurance = p.has_social_insurance === null ? t('patients.form.unknown') : p.has_social_insurance ? t('patients.form.yes') : t('patients.form.no');

  return (
    <Page
      title={name}
      actions={
        <div className="row patients-actions">
          {back}
          <Link className="button" to={`/clinics/${clinicId}/audit`} state={{ targetId: p.id }}>
            {t('patients.history')}
          </Link>
          <button type="button" onClick={() => exporting.mutate()} disabled={exporting.isPending}>
            {exporting.isPending ? t('app.loading') : t('patients.export.button')}
          </button>
        </div>
      }
    >
      {created ? (
        <p className="notice" role="status">
          {t('patients.created')}
        </p>
      ) : null}
      {saved ? (
        <p className="notice" role="status">
          {t('patients.saved')}
        </p>
      ) : null}
      {exporting.isSuccess ? (
        <p className="notice" role="status">
          {t('patients.export.done')}
        </p>
      ) : null}
      <FormError error={exporting.error} />

      <section className="panel patients-panel" aria-labelledby="patients-record">
        <div className="patients-section-header">
          <h2 id="patients-record">{t('patients.record')}</h2>
          {editing ? null : (
            <button
              type="button"
              onClick={() => {
                setSaved(false);
                setEditing(true);
              }}
            >
              {t('patients.edit')}
            </button>
          )}
        </div>
        {editing ? (
          <PatientForm
            initial={p}
            country={clinic.data.settings.default_phone_country}
            submitLabel={t('app.save')}
            pending={update.isPending}
            error={explained(update.error, t)}
            onSubmit={(body) => update.mutate(body)}
            onCancel={() => {
              update.reset();
              setEditing(false);
            }}
          />
        ) : (
          <dl className="patients-details">
            <dt>{t('patients.fields.phone')}</dt>
            <dd>{p.phone}</dd>
            <dt>{t('patients.fields.email')}</dt>
            <dd>{p.email ?? '—'}</dd>
            <dt>{t('patients.fields.birthDate')}</dt>
            <dd>{calendarDate(p.birth_date, i18n.language)}</dd>
            <dt>{t('patients.fields.hasSocialInsurance')}</dt>
            <dd>{insurance}</dd>
            <dt>{t('patients.fields.socialInsuranceType')}</dt>
            <dd>{p.social_insurance_type ?? '—'}</dd>
            <dt>{t('patients.fields.beneficiaryNumber')}</dt>
            <dd>{p.beneficiary_number ?? '—'}</dd>
            <dt>{t('patients.fields.guaranteeNumber')}</dt>
            <dd>{p.guarantee_number ?? '—'}</dd>
            <dt>{t('patients.fields.documents')}</dt>
            <dd>
              {[p.insurance_card_url ? t('patients.fields.insuranceCard') : null, p.guarantee_document_path ? t('patients.fields.guaranteeDocument') : null].filter(Boolean).join(', ') ||
                t('patients.fields.noDocuments')}
            </dd>
            <dt>{t('patients.fields.createdAt')}</dt>
            <dd>{dateTime(p.created_at, zone, i18n.language)}</dd>
            <dt>{t('patients.fields.updatedAt')}</dt>
            <dd>{dateTime(p.updated_at, zone, i18n.language)}</dd>
          </dl>
        )}
      </section>

      <PatientAppointments clinicId={clinicId} patientId={p.id} zone={zone} />
      <PatientConversationPanel clinicId={clinicId} patient={p} zone={zone} />
      <EraseSection
        clinicId={clinicId}
        patient={p}
        onErased={() => {
          queries.removeQueries({ queryKey: key });
          void queries.invalidateQueries({ queryKey: ['patients', clinicId, 'list'] });
          void queries.invalidateQueries({ queryKey: ['appointments', clinicId] });
          void navigate(`/clinics/${clinicId}/patients`, { replace: true, state: { erased: true } });
        }}
      />
    </Page>
  );
}
