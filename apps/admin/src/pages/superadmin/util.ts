import { DateTime } from 'luxon';

const LOWER = 'abcdefghijkmnpqrstuvwxyz';
const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const SYMBOLS = '-_.!@#%+=';

/** A uniformly random index below `max`, from the browser's CSPRNG (rejection sampling, no modulo bias). */
function randomIndex(max: number): number {
  const limit = Math.floor(0x1_0000_0000 / max) * max;
  const buffer = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(buffer);
    if (buffer[0] < limit) return buffer[0] % max;
  }
}

/**
 * A strong password that meets the API's policy (12+ characters mixing three kinds): `length` characters with at
 * least one of each kind, without look-alike characters (0/O, 1/l/I) so that it can be read out or retyped.
 */
export function generatePassword(length = 20): string {
  const sets = [LOWER, UPPER, DIGITS, SYMBOLS];
  const all = sets.join('');
  const chars = sets.map((set) => set[randomIndex(set.length)]);
  while (chars.length < length) chars.push(all[randomIndex(all.length)]);
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = randomIndex(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}

/** A random token of letters and digits (for a webhook verify token, which the superadmin also pastes into Meta). */
export function generateToken(length = 32): string {
  const alphabet = LOWER + UPPER + DIGITS;
  return Array.from({ length }, () => alphabet[randomIndex(alphabet.length)]).join('');
}

/** Copies text to the clipboard: the Clipboard API, else the older selection command. True when it worked. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard) throw new Error('No clipboard API');
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'superadmin-offscreen';
    document.body.appendChild(area);
    area.select();
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      area.remove();
    }
  }
}

/** A date and time in the clinic's time zone, in the dashboard's language; '—' when absent. */
export function dateTimeIn(iso: string | null | undefined, zone: string, locale: string): string {
  if (!iso) return '—';
  const value = DateTime.fromISO(iso, { zone });
  return value.isValid ? value.setLocale(locale).toLocaleString(DateTime.DATETIME_MED) : '—';
}

/** Every IANA zone the browser knows (the current one kept even if the browser does not list it). */
export function timeZones(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return all.includes(current) ? all : [current, ...all];
}
