import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiErrorMessage } from './ApiErrorMessage';

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  busy?: boolean;
  /** Shown on the confirm button while busy (a long call). */
  busyLabel?: string;
  /** The confirm button stays disabled while this is true (e.g. a name to type again first). */
  confirmDisabled?: boolean;
  error?: unknown;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal confirmation (the browser's own <dialog>: focus stays inside, Escape cancels, focus returns to the
 * button that opened it). The first control has the focus: Cancel, so Enter never confirms by accident, or a field of
 * the body placed before it (a name to type again).
 */
export function ConfirmDialog({ open, title, children, confirmLabel, danger, busy, busyLabel, confirmDisabled, error, onConfirm, onCancel }: ConfirmDialogProps) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      className="superadmin-dialog"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      <div id={bodyId}>{children}</div>
      <ApiErrorMessage error={error} />
      <div className="row superadmin-dialog-actions">
        <button type="button" autoFocus onClick={onCancel} disabled={busy}>
          {t('app.cancel')}
        </button>
        <button type="button" className={danger ? 'danger' : 'primary'} onClick={onConfirm} disabled={busy || confirmDisabled} aria-busy={busy || undefined}>
          {busy && busyLabel ? busyLabel : confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
