import { HttpStatus } from '@nestjs/common';
import { domainErrors } from '@sophie/common';

export enum ClinicMoveErrorCode {
  ClinicNotMovable = 'CLINIC_NOT_MOVABLE',
  ServerNotFound = 'DATABASE_SERVER_NOT_FOUND',
  SameServer = 'CLINIC_ALREADY_THERE',
  ServerDraining = 'DATABASE_SERVER_DRAINING',
  Busy = 'CLINIC_LIFECYCLE_BUSY',
  CopyMismatch = 'CLINIC_COPY_MISMATCH',
  TargetOccupied = 'CLINIC_MOVE_TARGET_OCCUPIED',
  ServerFull = 'DATABASE_SERVER_FULL',
}

export const moveError = domainErrors<ClinicMoveErrorCode>({
  [ClinicMoveErrorCode.ClinicNotMovable]: HttpStatus.CONFLICT,
  [ClinicMoveErrorCode.ServerNotFound]: HttpStatus.NOT_FOUND,
  [ClinicMoveErrorCode.SameServer]: HttpStatus.CONFLICT,
  [ClinicMoveErrorCode.ServerDraining]: HttpStatus.CONFLICT,
  [ClinicMoveErrorCode.Busy]: HttpStatus.CONFLICT,
  [ClinicMoveErrorCode.CopyMismatch]: HttpStatus.CONFLICT,
  [ClinicMoveErrorCode.TargetOccupied]: HttpStatus.CONFLICT,
  [ClinicMoveErrorCode.ServerFull]: HttpStatus.CONFLICT,
});
