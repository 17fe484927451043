import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client';

/** Error codes this area explains in the interface's language; others keep the API's message. */
const KNOWN = ['INVALID_PHONE', 'PATIENT_PHONE_TAKEN', 'INVALID_BIRTH_DATE', 'PATIENT_NOT_FOUND'] as const;

/** The error to show: the API's, translated when its code is known. */
export function explained(error: unknown, t: TFunction): unknown {
  if (error instanceof ApiError && error.code && (KNOWN as readonly string[]).includes(error.code)) return new Error(t(`patients.errors.${error.code}`));
  return error;
}
