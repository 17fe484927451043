import { useQuery } from '@tanstack/react-query';
import { DateTime } from 'luxon';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, get } from '../../api/client';
import type { ClinicProfile } from '../../api/types';
import type { Slot, SlotRefusalDetails } from './types';

/** The clinic's profile (its time zone above all): the same query as the clinic's other pages. */
export function useClinic(clinicId: string) {
  return useQuery({ queryKey: ['clinic', clinicId], queryFn: () => get<ClinicProfile>(`/api/clinics/${clinicId}`) });
}

/** Formats an instant in the clinic's zone, in the dashboard's language. */
export function useClinicTime(zone: string) {
  const { i18n } = useTranslation();
  const at = (iso: string): DateTime => DateTime.fromISO(iso, { zone }).setLocale(i18n.language);
  return {
    at,
    time: (iso: string): string => at(iso).toLocaleString(DateTime.TIME_SIMPLE),
    day: (iso: string): string => at(iso).toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' }),
    dateTime: (iso: string): string => at(iso).toLocaleString({ weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }),
  };
}

/** The free times a refused booking proposes (409 SLOT_TAKEN, 422 SLOT_NOT_OFFERED), if any. */
export function alternativesOf(error: unknown): Slot[] | null {
  if (!(error instanceof ApiError) || (error.code !== 'SLOT_TAKEN' && error.code !== 'SLOT_NOT_OFFERED')) return null;
  return (error.details as SlotRefusalDetails | undefined)?.alternatives ?? [];
}

/** Why a booking or reschedule was refused, in the user's words, and the free times the API proposes instead. */
export function SlotRefusal({ error, zone, onPick }: { error: unknown; zone: string; onPick: (slot: Slot) => void }) {
  const { t } = useTranslation();
  const { dateTime } = useClinicTime(zone);
  const alternatives = alternativesOf(error);
  if (alternatives === null) return null;
  const code = (error as ApiError).code;
  return (
    <div className="agenda-refusal" role="alert">
      <p>{code === 'SLOT_TAKEN' ? t('agenda.slotTaken') : t('agenda.slotNotOffered')}</p>
      {alternatives.length === 0 ? (
        <p>{t('agenda.noAlternatives')}</p>
      ) : (
        <>
          <p>{t('agenda.alternatives')}</p>
          <div className="row">
            {alternatives.map((slot) => (
              <button key={slot.start} type="button" onClick={() => onPick(slot)}>
                {dateTime(slot.start)}
              </button>
            ))}
          </div>
        </>
      )}
    </div>
  );
}

/**
 * A modal dialog (the browser's own <dialog>: focus kept inside, Escape closes it, focus returns to what opened
 * it). Rendered only while open.
 */
export function Modal({ title, onClose, children }: { title: string; onClose: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="agenda-modal"
      aria-labelledby="agenda-modal-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <header className="agenda-modal-header">
        <h2 id="agenda-modal-title">{title}</h2>
        <button type="button" className="agenda-close" onClick={onClose} aria-label={t('agenda.close')}>
          ×
        </button>
      </header>
      {children}
    </dialog>
  );
}
