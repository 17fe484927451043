export const MIN_PASSWORD_LENGTH = 12;

/**
 * Why a password is too weak, or null when it is acceptable: at least 12 characters, three of
 * lower case, upper case, digits and symbols, and not containing the username.
 */
export function passwordWeakness(password: string, username: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `The password must be at least ${MIN_PASSWORD_LENGTH} characters long`;
  if (password.length > 72) return 'The password must be at most 72 characters long';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) return 'The password must mix at least three of: lower case, upper case, digits, symbols';
  if (username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    return 'The password must not contain the username';
  }
  return null;
}
