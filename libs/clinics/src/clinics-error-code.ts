import { HttpStatus } from '@nestjs/common';
import { domainErrors } from '@sophie/common';

/** Error codes of the clinics module. */
export enum ClinicsErrorCode {
  ClinicNotFound = 'CLINIC_NOT_FOUND',
  InvalidTransition = 'INVALID_CLINIC_TRANSITION',
  UserNotFound = 'USER_NOT_FOUND',
}

const STATUS: Record<ClinicsErrorCode, HttpStatus> = {
  [ClinicsErrorCode.ClinicNotFound]: HttpStatus.NOT_FOUND,
  [ClinicsErrorCode.InvalidTransition]: HttpStatus.CONFLICT,
  [ClinicsErrorCode.UserNotFound]: HttpStatus.NOT_FOUND,
};

export const clinicsError = domainErrors(STATUS);
