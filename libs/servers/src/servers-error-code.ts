import { HttpStatus } from '@nestjs/common';
import { domainErrors } from '@sophie/common';

/** Error codes of the servers module. A server that fails its check is 422: the request was well formed, the server is not fit. */
export enum ServersErrorCode {
  ServerNotFound = 'DATABASE_SERVER_NOT_FOUND',
  NameTaken = 'DATABASE_SERVER_NAME_TAKEN',
  AddressTaken = 'DATABASE_SERVER_ADDRESS_TAKEN',
  Unreachable = 'DATABASE_SERVER_UNREACHABLE',
  LoginRefused = 'DATABASE_SERVER_LOGIN_REFUSED',
  NotPrivileged = 'DATABASE_SERVER_ROLE_NOT_PRIVILEGED',
  VersionUnsupported = 'DATABASE_SERVER_VERSION_UNSUPPORTED',
  ExtensionsMissing = 'DATABASE_SERVER_EXTENSIONS_MISSING',
  CheckFailed = 'DATABASE_SERVER_CHECK_FAILED',
}

const STATUS: Record<ServersErrorCode, HttpStatus> = {
  [ServersErrorCode.ServerNotFound]: HttpStatus.NOT_FOUND,
  [ServersErrorCode.NameTaken]: HttpStatus.CONFLICT,
  [ServersErrorCode.AddressTaken]: HttpStatus.CONFLICT,
  [ServersErrorCode.Unreachable]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ServersErrorCode.LoginRefused]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ServersErrorCode.NotPrivileged]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ServersErrorCode.VersionUnsupported]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ServersErrorCode.ExtensionsMissing]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ServersErrorCode.CheckFailed]: HttpStatus.UNPROCESSABLE_ENTITY,
};

export const serversError = domainErrors(STATUS);
