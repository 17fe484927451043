import { HttpStatus } from '@nestjs/common';
import { domainErrors } from '@sophie/common';

/** Error codes of the clinics module. */
export enum ClinicsErrorCode {
  ClinicNotFound = 'CLINIC_NOT_FOUND',
  InvalidTransition = 'INVALID_CLINIC_TRANSITION',
  UserNotFound = 'USER_NOT_FOUND',
  NotConfirmed = 'DECOMMISSION_NOT_CONFIRMED',
  LifecycleBusy = 'CLINIC_LIFECYCLE_BUSY',
}

const STATUS: Record<ClinicsErrorCode, HttpStatus> = {
  [ClinicsErrorCode.ClinicNotFound]: HttpStatus.NOT_FOUND,
  [ClinicsErrorCode.InvalidTransition]: HttpStatus.CONFLICT,
  [ClinicsErrorCode.UserNotFound]: HttpStatus.NOT_FOUND,
  [ClinicsErrorCode.NotConfirmed]: HttpStatus.BAD_REQUEST,
  [ClinicsErrorCode.LifecycleBusy]: HttpStatus.CONFLICT,
};

export const clinicsError = domainErrors(STATUS);
