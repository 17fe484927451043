import { HttpStatus } from '@nestjs/common';
import { domainErrors } from '@sophie/common';

/** Error codes of the registry module. */
export enum RegistryErrorCode {
  WeakPassword = 'WEAK_PASSWORD',
  UsernameTaken = 'USERNAME_TAKEN',
  WhatsAppNumberTaken = 'WHATSAPP_NUMBER_TAKEN',
}

export const registryError = domainErrors<RegistryErrorCode>({
  [RegistryErrorCode.WeakPassword]: HttpStatus.BAD_REQUEST,
  [RegistryErrorCode.UsernameTaken]: HttpStatus.CONFLICT,
  [RegistryErrorCode.WhatsAppNumberTaken]: HttpStatus.CONFLICT,
});
