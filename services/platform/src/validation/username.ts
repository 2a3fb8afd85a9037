/**
 * Username policy — a project decision, not a standard:
 *
 * - 4 to 20 characters;
 * - ASCII letters, digits and underscore only, so usernames are unambiguous to type (no
 *   full-width or look-alike characters), safe in URLs and logs, and case-insensitively unique;
 * - must start with a letter, so a username can never be mistaken for a mobile number or an ID
 *   card number, which are also accepted as login identifiers.
 *
 * The value is checked as given (no trimming): a username with spaces fails `username.charset`.
 */
import type { Check } from './check';
import { fail, OK } from './check';
import { asString, codePointLength } from './text';

export type UsernameCheckCode =
  'username.required' | 'username.length' | 'username.charset' | 'username.start';

export const USERNAME_MIN_LENGTH = 4;
export const USERNAME_MAX_LENGTH = 20;

export const USERNAME_MESSAGES: Readonly<Record<UsernameCheckCode, string>> = Object.freeze({
  'username.required': '请输入用户名',
  'username.length': `用户名长度应为${USERNAME_MIN_LENGTH}至${USERNAME_MAX_LENGTH}位`,
  'username.charset': '用户名只能包含英文字母、数字和下划线',
  'username.start': '用户名须以英文字母开头',
});

/** Rules, in the order they are reported: required → length → charset → start. */
export function checkUsername(s: string): Check<UsernameCheckCode> {
  const username = asString(s);
  if (username.length === 0) return fail('username.required', USERNAME_MESSAGES);
  const length = codePointLength(username);
  if (length < USERNAME_MIN_LENGTH || length > USERNAME_MAX_LENGTH) {
    return fail('username.length', USERNAME_MESSAGES);
  }
  if (!/^[A-Za-z0-9_]+$/.test(username)) return fail('username.charset', USERNAME_MESSAGES);
  if (!/^[A-Za-z]/.test(username)) return fail('username.start', USERNAME_MESSAGES);
  return OK;
}

/** True when `checkUsername` passes. */
export function isValidUsername(s: string): boolean {
  return checkUsername(s).ok;
}
