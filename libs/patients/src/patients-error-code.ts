import { HttpStatus } from '@nestjs/common';
import { domainErrors } from '@sophie/common';

/** Error codes of the patients module. */
export enum PatientsErrorCode {
  PatientNotFound = 'PATIENT_NOT_FOUND',
  InvalidPhone = 'INVALID_PHONE',
  PhoneTaken = 'PATIENT_PHONE_TAKEN',
  InvalidBirthDate = 'INVALID_BIRTH_DATE',
}

export const patientsError = domainErrors<PatientsErrorCode>({
  [PatientsErrorCode.PatientNotFound]: HttpStatus.NOT_FOUND,
  [PatientsErrorCode.InvalidPhone]: HttpStatus.BAD_REQUEST,
  [PatientsErrorCode.PhoneTaken]: HttpStatus.CONFLICT,
  [PatientsErrorCode.InvalidBirthDate]: HttpStatus.BAD_REQUEST,
});
