import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { post } from '../../api/client';
import { ConfirmDialog } from './ConfirmDialog';
import { superadminKeys, type ClinicRecord } from './types';
import { dateTimeIn } from './util';

/**
 * Decommissions a suspended clinic (or finishes an interrupted decommissioning) after a dialog that says what
 * happens and asks for the clinic's exact name. The call takes a few seconds (a verified final export first):
 * the dialog shows its progress and cannot be submitted twice.
 */
export function DecommissionButton({ clinic, onDone }: { clinic: ClinicRecord; onDone: () => void }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [asking, setAsking] = useState(false);
  const [typed, setTyped] = useState('');
  const inputId = useId();
  const hintId = useId();
  const run = useMutation({
    mutationFn: () => post<ClinicRecord>(`/api/superadmin/clinics/${clinic.id}/decommission`, { confirm_name: typed }),
    onSuccess: async (updated) => {
      queries.setQueryData(superadminKeys.clinic(clinic.id), updated);
      setAsking(false);
      onDone();
      await Promise.all([queries.invalidateQueries({ queryKey: superadminKeys.all }), queries.invalidateQueries({ queryKey: ['clinic', clinic.id] })]);
    },
    // A failed final export puts the clinic back to suspended: read it again.
    onError: () => queries.invalidateQueries({ queryKey: superadminKeys.clinic(clinic.id) }),
  });
  if (clinic.status !== 'suspended' && clinic.status !== 'decommissioning') return null;
  const matches = typed === clinic.name;

  return (
    <>
      <button
        type="button"
        className="danger"
        onClick={() => {
          run.reset();
          setTyped('');
          setAsking(true);
        }}
      >
        {clinic.status === 'suspended' ? t('superadmin.decommission.action') : t('superadmin.decommission.resume')}
      </button>
      <ConfirmDialog
        open={asking}
        title={t('superadmin.decommission.title', { name: clinic.name })}
        confirmLabel={t('superadmin.decommission.confirm')}
        busyLabel={t('superadmin.decommission.working')}
        danger
        busy={run.isPending}
        confirmDisabled={!matches}
        error={run.error}
        onConfirm={() => {
          if (matches && !run.isPending) run.mutate();
        }}
        onCancel={() => setAsking(false)}
      >
        <p>{t('superadmin.decommission.intro')}</p>
        <ol className="superadmin-steps">
          <li>{t('superadmin.decommission.stepExport')}</li>
          <li>{t('superadmin.decommission.stepDrop')}</li>
          <li>{t('superadmin.decommission.stepUsers')}</li>
          <li>{t('superadmin.decommission.stepTombstone')}</li>
        </ol>
        <p>{t('superadmin.decommission.restoreNote')}</p>
        <div className="field">
          <label htmlFor={inputId}>{t('superadmin.decommission.confirmLabel')}</label>
          <input
            id={inputId}
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            aria-describedby={hintId}
            readOnly={run.isPending}
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && matches && !run.isPending) run.mutate();
            }}
          />
          <small id={hintId} className="hint">
            {t('superadmin.decommission.confirmHint', { name: clinic.name })}
          </small>
        </div>
        <p className="superadmin-progress" role="status" aria-live="polite">
          {run.isPending ? t('superadmin.decommission.progress') : ''}
        </p>
      </ConfirmDialog>
    </>
  );
}

/** What stays of a decommissioned clinic (or one being decommissioned): its status, when, and its final export. */
export function TombstonePanel({ clinic, focus }: { clinic: ClinicRecord; focus: boolean }) {
  const { t, i18n } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    // Just decommissioned from this page: the button that opened the dialog is gone; the focus comes here.
    if (focus) heading.current?.focus();
  }, [focus]);
  const decommissioned = clinic.status === 'decommissioned';
  return (
    <section className="panel" aria-labelledby="superadmin-tombstone">
      <h2 id="superadmin-tombstone" className="superadmin-panel-focus" ref={heading} tabIndex={-1}>
        {t('superadmin.decommission.tombstone')}
      </h2>
      <p className={decommissioned ? undefined : 'notice superadmin-warning'}>
        {decommissioned ? t('superadmin.decommission.tombstoneExplain') : t('superadmin.decommission.inProgressNotice')}
      </p>
      <dl className="superadmin-facts">
        <dt>{t('superadmin.decommission.status')}</dt>
        <dd>{t(`superadmin.status.${clinic.status}`)}</dd>
        <dt>{t('superadmin.decommission.decommissionedAt')}</dt>
        <dd>{dateTimeIn(clinic.decommissioned_at, clinic.timezone, i18n.language)}</dd>
        <dt>{t('superadmin.decommission.exportPath')}</dt>
        <dd className="superadmin-mono">{clinic.final_export_path ?? '—'}</dd>
        <dt>{t('superadmin.decommission.exportSha256')}</dt>
        <dd className="superadmin-mono">{clinic.final_export_sha256 ?? '—'}</dd>
      </dl>
    </section>
  );
}
