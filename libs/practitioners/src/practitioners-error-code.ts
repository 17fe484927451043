import { HttpStatus } from '@nestjs/common';
import { domainErrors } from '@sophie/common';

/** Error codes of the practitioners module (practitioners, treatments, working hours, closures). */
export enum PractitionersErrorCode {
  PractitionerNotFound = 'PRACTITIONER_NOT_FOUND',
  TreatmentNotFound = 'TREATMENT_NOT_FOUND',
  TreatmentNotOffered = 'TREATMENT_NOT_OFFERED',
  /** The same treatment twice in one list of offered treatments. */
  DuplicateTreatment = 'DUPLICATE_TREATMENT',
  /** A working range that ends at or before its start. */
  InvalidWorkingHours = 'INVALID_WORKING_HOURS',
  /** Two working ranges of one weekday that overlap. */
  WorkingHoursOverlap = 'WORKING_HOURS_OVERLAP',
  ClosureNotFound = 'CLOSURE_NOT_FOUND',
  /** A closure that ends before it starts. */
  InvalidClosurePeriod = 'INVALID_CLOSURE_PERIOD',
  /** A `from`/`to` filter where `to` is before `from`. */
  InvalidDateRange = 'INVALID_DATE_RANGE',
}

export const practitionersError = domainErrors<PractitionersErrorCode>({
  [PractitionersErrorCode.PractitionerNotFound]: HttpStatus.NOT_FOUND,
  [PractitionersErrorCode.TreatmentNotFound]: HttpStatus.NOT_FOUND,
  [PractitionersErrorCode.TreatmentNotOffered]: HttpStatus.UNPROCESSABLE_ENTITY,
  [PractitionersErrorCode.DuplicateTreatment]: HttpStatus.BAD_REQUEST,
  [PractitionersErrorCode.InvalidWorkingHours]: HttpStatus.BAD_REQUEST,
  [PractitionersErrorCode.WorkingHoursOverlap]: HttpStatus.BAD_REQUEST,
  [PractitionersErrorCode.ClosureNotFound]: HttpStatus.NOT_FOUND,
  [PractitionersErrorCode.InvalidClosurePeriod]: HttpStatus.BAD_REQUEST,
  [PractitionersErrorCode.InvalidDateRange]: HttpStatus.BAD_REQUEST,
});
