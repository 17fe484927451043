import { HttpStatus } from '@nestjs/common';
import { domainErrors } from '@sophie/common';

/** Error codes of the auth module. */
export enum AuthErrorCode {
  InvalidCredentials = 'INVALID_CREDENTIALS',
  TooManyAttempts = 'TOO_MANY_LOGIN_ATTEMPTS',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  ClinicAccessDenied = 'CLINIC_ACCESS_DENIED',
  InvalidClinicId = 'INVALID_CLINIC_ID',
}

const STATUS: Record<AuthErrorCode, HttpStatus> = {
  [AuthErrorCode.InvalidCredentials]: HttpStatus.UNAUTHORIZED,
  [AuthErrorCode.TooManyAttempts]: HttpStatus.TOO_MANY_REQUESTS,
  [AuthErrorCode.Unauthenticated]: HttpStatus.UNAUTHORIZED,
  [AuthErrorCode.Forbidden]: HttpStatus.FORBIDDEN,
  [AuthErrorCode.ClinicAccessDenied]: HttpStatus.FORBIDDEN,
  [AuthErrorCode.InvalidClinicId]: HttpStatus.BAD_REQUEST,
};

export const authError = domainErrors(STATUS);
