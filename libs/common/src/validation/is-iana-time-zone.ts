import { ValidationOptions, registerDecorator } from 'class-validator';
import { IANAZone } from 'luxon';

/** True for an IANA time zone name such as `Europe/Paris` (luxon checks it against the runtime's tz data). */
export function isIanaTimeZone(value: unknown): boolean {
  return typeof value === 'string' && value.includes('/') ? IANAZone.isValidZone(value) : value === 'UTC';
}

export function IsIanaTimeZone(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isIanaTimeZone',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be an IANA time zone such as Europe/Paris`, ...options },
      validator: { validate: isIanaTimeZone },
    });
  };
}
