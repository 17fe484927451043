/** Error codes of the registry module. */
export enum RegistryErrorCode {
  WeakPassword = 'WEAK_PASSWORD',
  UsernameTaken = 'USERNAME_TAKEN',
}
