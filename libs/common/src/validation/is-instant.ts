import { ValidationOptions, registerDecorator } from 'class-validator';
import { DateTime } from 'luxon';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for an ISO 8601 date-time that names one instant: it carries `Z` or a UTC offset, and the date is real. */
export function isInstant(value: unknown): value is string {
  return typeof value === 'string' && INSTANT.test(value) && DateTime.fromISO(value, { setZone: true }).isValid;
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isLocalDate(value: unknown): value is string {
  return typeof value === 'string' && LOCAL_DATE.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;
}

function decorator(name: string, message: (property: string) => string, validate: (value: unknown) => boolean, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: message(String(propertyName)), ...options },
      validator: { validate },
    });
  };
}

/** An ISO 8601 date-time with `Z` or an offset, e.g. `2026-03-30T09:00:00+02:00`. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return decorator('isInstant', (p) => `${p} must be an ISO 8601 date-time with Z or a UTC offset, e.g. 2026-03-30T09:00:00+02:00`, isInstant, options);
}

/** An ISO 8601 date-time with an offset, or a calendar date `YYYY-MM-DD` (read in the clinic's time zone). */
export function IsInstantOrLocalDate(options?: ValidationOptions): PropertyDecorator {
  return decorator(
    'isInstantOrLocalDate',
    (p) => `${p} must be a date YYYY-MM-DD or an ISO 8601 date-time with Z or a UTC offset`,
    (value) => isInstant(value) || isLocalDate(value),
    options,
  );
}
