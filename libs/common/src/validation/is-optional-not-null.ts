import { ValidateIf } from 'class-validator';

/** May be left out, but never null: what a PATCH leaves out stays, and a column that must hold a value cannot be blanked. */
export function IsOptionalNotNull(): PropertyDecorator {
  return ValidateIf((_: object, value: unknown) => value !== undefined);
}
