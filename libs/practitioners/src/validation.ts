import { Transform } from 'class-transformer';
import { Matches, ValidationOptions, registerDecorator } from 'class-validator';
import { DateTime } from 'luxon';

/** `HH:mm`, 00:00 to 23:59. */
export const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
/** `HH:mm`, or `24:00` for the end of the day. */
export const LOCAL_END_TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;

/** Minutes since midnight of a `HH:mm` (or `HH:mm:ss`) local time; `24:00` is 1440. */
export function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

export { IsOptionalNotNull } from '@sophie/common';

/** `?flag=true|false` in a query string to a boolean; anything else stays as it came, for `@IsBoolean` to refuse. */
export function ToBoolean(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));
}

/** A local time `HH:mm`; with `endOfDay`, `24:00` too. */
export function IsLocalTime(options: { endOfDay?: boolean } = {}): PropertyDecorator {
  return options.endOfDay
    ? Matches(LOCAL_END_TIME, { message: '$property must be a time as HH:mm (24:00 for the end of the day)' })
    : Matches(LOCAL_TIME, { message: '$property must be a time as HH:mm' });
}

/** True for a real calendar date written `YYYY-MM-DD` (so not 2026-02-30), between the years 1900 and 9999. */
export function isLocalDate(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = DateTime.fromFormat(value, 'yyyy-MM-dd', { zone: 'UTC' });
  return date.isValid && date.year >= 1900;
}

export function IsLocalDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isLocalDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be a real date as YYYY-MM-DD`, ...options },
      validator: { validate: isLocalDate },
    });
  };
}
