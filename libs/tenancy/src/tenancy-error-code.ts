import { HttpStatus } from '@nestjs/common';
import { domainErrors } from '@sophie/common';

/** Error codes of the tenancy module. */
export enum TenancyErrorCode {
  ClinicNotFound = 'CLINIC_NOT_FOUND',
  ClinicSuspended = 'CLINIC_SUSPENDED',
  ClinicDecommissioned = 'CLINIC_DECOMMISSIONED',
  ClinicReadOnly = 'CLINIC_READ_ONLY',
  ClinicNotReady = 'CLINIC_NOT_READY',
  ClinicUnavailable = 'CLINIC_DATABASE_UNAVAILABLE',
  PoolBudgetExhausted = 'CLINIC_POOL_BUSY',
  NoDatabaseServer = 'NO_DATABASE_SERVER',
  ProvisioningFailed = 'PROVISIONING_FAILED',
  MigrationInProgress = 'MIGRATION_IN_PROGRESS',
}

const STATUS: Record<TenancyErrorCode, HttpStatus> = {
  [TenancyErrorCode.ClinicNotFound]: HttpStatus.NOT_FOUND,
  [TenancyErrorCode.ClinicSuspended]: HttpStatus.FORBIDDEN,
  [TenancyErrorCode.ClinicDecommissioned]: HttpStatus.GONE,
  [TenancyErrorCode.ClinicReadOnly]: HttpStatus.SERVICE_UNAVAILABLE,
  [TenancyErrorCode.ClinicNotReady]: HttpStatus.SERVICE_UNAVAILABLE,
  [TenancyErrorCode.ClinicUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [TenancyErrorCode.PoolBudgetExhausted]: HttpStatus.SERVICE_UNAVAILABLE,
  [TenancyErrorCode.NoDatabaseServer]: HttpStatus.SERVICE_UNAVAILABLE,
  [TenancyErrorCode.ProvisioningFailed]: HttpStatus.SERVICE_UNAVAILABLE,
  [TenancyErrorCode.MigrationInProgress]: HttpStatus.CONFLICT,
};

const RETRY_AFTER: Partial<Record<TenancyErrorCode, number>> = {
  [TenancyErrorCode.ClinicNotReady]: 5,
  [TenancyErrorCode.ClinicUnavailable]: 5,
  [TenancyErrorCode.ClinicReadOnly]: 30,
  [TenancyErrorCode.PoolBudgetExhausted]: 1,
};

export const tenancyError = domainErrors(STATUS, RETRY_AFTER);
