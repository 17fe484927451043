import { HttpStatus } from '@nestjs/common';
import { domainErrors } from '@sophie/common';

/** Error codes of the practitioners module (practitioners, treatments, working hours, closures). */
export enum PractitionersErrorCode {
  PractitionerNotFound = 'PRACTITIONER_NOT_FOUND',
  TreatmentNotFound = 'TREATMENT_NOT_FOUND',
  TreatmentNotOffered = 'TREATMENT_NOT_OFFERED',
}

export const practitionersError = domainErrors<PractitionersErrorCode>({
  [PractitionersErrorCode.PractitionerNotFound]: HttpStatus.NOT_FOUND,
  [PractitionersErrorCode.TreatmentNotFound]: HttpStatus.NOT_FOUND,
  [PractitionersErrorCode.TreatmentNotOffered]: HttpStatus.UNPROCESSABLE_ENTITY,
});
