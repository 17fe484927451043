import { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * A phone number in E.164 (+33612345678), read with libphonenumber's full metadata; numbers typed
 * without an international prefix are read as numbers of `defaultCountry`. Null when not a valid number.
 */
export function toE164(input: string, defaultCountry: string): string | null {
  const parsed = parsePhoneNumberFromString(input, defaultCountry.toUpperCase() as CountryCode);
  return parsed?.isValid() ? parsed.number : null;
}
