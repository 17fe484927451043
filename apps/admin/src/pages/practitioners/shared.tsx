import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, get } from '../../api/client';
import type { ClinicProfile } from '../../api/types';
import type { LocalizedName } from './types';

/** The clinic (its time zone above all); the same query the day overview uses, so it is shared in the cache. */
export function useClinic(clinicId: string) {
  return useQuery({ queryKey: ['clinic', clinicId], queryFn: () => get<ClinicProfile>(`/api/clinics/${clinicId}`) });
}

/** Query keys of this area: a prefix invalidates every list and detail under it. */
export const keys = {
  practitioners: (clinicId: string) => ['practitioners', clinicId] as const,
  practitioner: (clinicId: string, id: string) => ['practitioners', clinicId, 'detail', id] as const,
  treatments: (clinicId: string) => ['treatments', clinicId] as const,
  closures: (clinicId: string, practitionerId: string) => ['closures', clinicId, practitionerId] as const,
  calendar: (clinicId: string, practitionerId: string) => ['calendar', clinicId, practitionerId] as const,
};

/** A treatment's name in the dashboard's language, else French, else the first language it has. */
export function localized(name: LocalizedName, language: string): string {
  return name[language] ?? name.fr ?? Object.values(name)[0] ?? '—';
}

/** A language's own name in the dashboard's language (Intl knows them all). */
export function languageName(code: string, uiLanguage: string): string {
  try {
    const name = new Intl.DisplayNames([uiLanguage], { type: 'language' }).of(code);
    return name ? name.charAt(0).toLocaleUpperCase(uiLanguage) + name.slice(1) : code;
  } catch {
    return code;
  }
}

/**
 * An API error in words: a translated explanation for the codes this area knows, followed by what the API said
 * (e.g. which ranges overlap). Announced to screen readers.
 */
export function ApiFormError({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : undefined;
  const known = code && i18n.exists(`practitioners.errors.${code}`) ? t(`practitioners.errors.${code}`) : null;
  const detail = error instanceof Error ? error.message : t('app.error');
  return (
    <div className="form-error practitioners-error" role="alert">
      {known ? <p>{known}</p> : null}
      <p className={known ? 'practitioners-error-detail' : undefined}>{detail}</p>
    </div>
  );
}

/**
 * A destructive action asked twice, without a modal: the first press shows the question with "confirm" and
 * "cancel" (focus moves to confirm, Escape cancels).
 */
export function ConfirmButton({ label, question, confirmLabel, onConfirm, busy }: { label: string; question: string; confirmLabel: string; onConfirm: () => void; busy?: boolean }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
    else if (wasAsking.current) openerRef.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  if (!asking) {
    return (
      <button ref={openerRef} type="button" className="danger" onClick={() => setAsking(true)} disabled={busy}>
        {label}
      </button>
    );
  }
  return (
    <span className="practitioners-confirm" role="group" aria-label={question} onKeyDown={(event) => event.key === 'Escape' && setAsking(false)}>
      <span>{question}</span>
      <button
        ref={confirmRef}
        type="button"
        className="danger"
        disabled={busy}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        {t('app.cancel')}
      </button>
    </span>
  );
}

/** A section of a page with its heading tied to it for screen readers. */
export function Section({ id, title, actions, children }: { id: string; title: string; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="panel practitioners-section" aria-labelledby={id}>
      <header className="practitioners-section-header">
        <h2 id={id}>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}
