import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { get, patch } from '../../api/client';
import { ErrorState, Loading, Page } from '../../ui/components';
import { ClinicProfilePanel } from './ClinicProfilePanel';
import { ClinicUsersPanel } from './ClinicUsersPanel';
import { ConfirmDialog } from './ConfirmDialog';
import { DecommissionButton, TombstonePanel } from './Decommission';
import { WhatsAppPanel } from './WhatsAppPanel';
import { superadminKeys, type ClinicRecord } from './types';
import './superadmin.css';

const STATUS_BADGE: Record<ClinicRecord['status'], string> = { active: 'ok', suspended: 'warn', provisioning: '', failed: 'warn', decommissioning: 'warn', decommissioned: '' };

/** Suspend (active clinic) or reactivate (suspended clinic), after a confirmation. */
function StatusButton({ clinic }: { clinic: ClinicRecord }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [asking, setAsking] = useState(false);
  const suspending = clinic.status === 'active';
  const change = useMutation({
    mutationFn: () => patch<ClinicRecord>(`/api/superadmin/clinics/${clinic.id}`, { is_active: !suspending }),
    onSuccess: async (updated) => {
      queries.setQueryData(superadminKeys.clinic(clinic.id), updated);
      setAsking(false);
      await Promise.all([queries.invalidateQueries({ queryKey: superadminKeys.all }), queries.invalidateQueries({ queryKey: ['clinic', clinic.id] })]);
    },
  });
  if (clinic.status !== 'active' && clinic.status !== 'suspended') return null;
  return (
    <>
      <button
        type="button"
        className={suspending ? 'danger' : 'primary'}
        onClick={() => {
          change.reset();
          setAsking(true);
        }}
      >
        {suspending ? t('superadmin.status.suspend') : t('superadmin.status.reactivate')}
      </button>
      <ConfirmDialog
        open={asking}
        title={t(suspending ? 'superadmin.status.suspendTitle' : 'superadmin.status.reactivateTitle', { name: clinic.name })}
        confirmLabel={suspending ? t('superadmin.status.suspendConfirm') : t('superadmin.status.reactivateConfirm')}
        danger={suspending}
        busy={change.isPending}
        error={change.error}
        onConfirm={() => change.mutate()}
        onCancel={() => setAsking(false)}
      >
        <p>{suspending ? t('superadmin.status.suspendBody') : t('superadmin.status.reactivateBody')}</p>
      </ConfirmDialog>
    </>
  );
}

/**
 * A clinic as the superadmin manages it: profile, suspension, decommissioning, admin users, WhatsApp channel. A
 * decommissioned clinic (or one being decommissioned) shows what stays of it, read-only.
 */
export function ClinicPage() {
  const { t } = useTranslation();
  const { clinicId = '' } = useParams();
  const clinic = useQuery({ queryKey: superadminKeys.clinic(clinicId), queryFn: () => get<ClinicRecord>(`/api/superadmin/clinics/${clinicId}`) });
  const [justDecommissioned, setJustDecommissioned] = useState(false);

  if (clinic.isPending) return <Loading />;
  if (clinic.isError) return <ErrorState error={clinic.error} retry={() => void clinic.refetch()} />;
  const data = clinic.data;
  const ready = data.status === 'active' || data.status === 'suspended';
  const retired = data.status === 'decommissioning' || data.status === 'decommissioned';
  return (
    <Page
      title={data.name}
      actions={
        <>
          <StatusButton clinic={data} />
          <DecommissionButton clinic={data} onDone={() => setJustDecommissioned(true)} />
        </>
      }
    >
      <p className="row superadmin-subtitle">
        <Link to="/superadmin/clinics">{t('superadmin.backToClinics')}</Link>
        <span className={`badge ${STATUS_BADGE[data.status]}`}>{t(`superadmin.status.${data.status}`)}</span>
        {data.status === 'active' ? <Link to={`/clinics/${data.id}`}>{t('superadmin.openDashboard')}</Link> : null}
      </p>
      {justDecommissioned && data.status === 'decommissioned' ? (
        <p className="notice" role="status">
          {t('superadmin.decommission.done', { name: data.name })}
        </p>
      ) : null}
      {data.status === 'suspended' ? (
        <p className="notice superadmin-warning" role="status">
          {t('superadmin.status.suspendedNotice')}
        </p>
      ) : null}
      {retired ? (
        <div className="superadmin-grid">
          <TombstonePanel clinic={data} focus={justDecommissioned} />
          <ClinicProfilePanel clinic={data} readOnly />
        </div>
      ) : (
        <>
          <div className="superadmin-grid">
            <ClinicProfilePanel clinic={data} />
            <ClinicUsersPanel clinicId={data.id} zone={data.timezone} canCreate={ready} />
          </div>
          <WhatsAppPanel clinicId={data.id} status={data.status} />
        </>
      )}
    </Page>
  );
}
