/**
 * Password policy (等保 2.0 level 3 "password complexity"):
 *
 * - 8 to 64 characters;
 * - printable ASCII only (letters, digits, space and the symbols !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~).
 *   A project decision: it keeps full-width look-alikes typed with a Chinese IME (Ａ vs A) and
 *   Unicode normalisation differences from silently producing a different password at login;
 * - at least three of the four classes: upper-case letter, lower-case letter, digit, symbol
 *   (any printable ASCII character that is not a letter or digit, space included);
 * - must not contain the username, compared case-insensitively, when a username is given.
 *
 * Passwords are never trimmed or otherwise normalised: every character counts.
 */
import type { Check } from './check';
import { fail, OK } from './check';
import { asString, codePointLength } from './text';

export type PasswordCheckCode =
  | 'password.required'
  | 'password.too_short'
  | 'password.too_long'
  | 'password.charset'
  | 'password.classes'
  | 'password.contains_username';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 64;

export const PASSWORD_MESSAGES: Readonly<Record<PasswordCheckCode, string>> = Object.freeze({
  'password.required': '请输入密码',
  'password.too_short': `密码长度不能少于${PASSWORD_MIN_LENGTH}位`,
  'password.too_long': `密码长度不能超过${PASSWORD_MAX_LENGTH}位`,
  'password.charset': '密码只能包含英文字母、数字和英文符号',
  'password.classes': '密码须包含大写字母、小写字母、数字、符号中的至少三种',
  'password.contains_username': '密码不能包含用户名',
});

export interface PasswordCheckOptions {
  /** The account's username; when non-blank the password must not contain it. */
  readonly username?: string | undefined;
}

export type PasswordStrength = 'weak' | 'medium' | 'strong';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function countClasses(password: string): number {
  return (
    Number(/[A-Z]/.test(password)) +
    Number(/[a-z]/.test(password)) +
    Number(/[0-9]/.test(password)) +
    Number(/[^A-Za-z0-9]/.test(password))
  );
}

/**
 * Checks a new password against the policy. Rules, in the order they are reported:
 * required → too_short → too_long → charset → classes → contains_username.
 */
export function checkPassword(
  password: string,
  options: PasswordCheckOptions = {},
): Check<PasswordCheckCode> {
  const pw = asString(password);
  if (pw.length === 0) return fail('password.required', PASSWORD_MESSAGES);
  const length = codePointLength(pw);
  if (length < PASSWORD_MIN_LENGTH) return fail('password.too_short', PASSWORD_MESSAGES);
  if (length > PASSWORD_MAX_LENGTH) return fail('password.too_long', PASSWORD_MESSAGES);
  if (!PRINTABLE_ASCII.test(pw)) return fail('password.charset', PASSWORD_MESSAGES);
  if (countClasses(pw) < 3) return fail('password.classes', PASSWORD_MESSAGES);
  const username = asString(options.username).trim().toLowerCase();
  if (username.length > 0 && pw.toLowerCase().includes(username)) {
    return fail('password.contains_username', PASSWORD_MESSAGES);
  }
  return OK;
}

/**
 * Strength indicator for the registration / change-password form: `weak` when the password
 * fails `checkPassword` (with the same options), `strong` when it passes, has at least 12
 * characters and uses all four classes, `medium` otherwise.
 */
export function passwordStrength(
  password: string,
  options: PasswordCheckOptions = {},
): PasswordStrength {
  if (!checkPassword(password, options).ok) return 'weak';
  return password.length >= 12 && countClasses(password) === 4 ? 'strong' : 'medium';
}
