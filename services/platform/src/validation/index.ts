/**
 * Pure, dependency-free validation and masking rules (`@hall/platform/validation`), usable from
 * services and front ends alike. Every `check*` function returns a `Check`: `{ ok: true }` or
 * `{ ok: false, code, message }` with a stable machine code and a Simplified Chinese message.
 */
import { CREDIT_CODE_MESSAGES } from './credit-code';
import type { CreditCodeCheckCode } from './credit-code';
import { ID_CARD_MESSAGES } from './id-card';
import type { IdCardCheckCode } from './id-card';
import { MOBILE_MESSAGES } from './mobile';
import type { MobileCheckCode } from './mobile';
import { PASSWORD_MESSAGES } from './password';
import type { PasswordCheckCode } from './password';
import { USERNAME_MESSAGES } from './username';
import type { UsernameCheckCode } from './username';

export type { Check, CheckFailure, CheckOk } from './check';
export {
  birthDateFromIdCard,
  checkIdCardNumber,
  genderFromIdCard,
  ID_CARD_MESSAGES,
  isValidIdCardNumber,
  normalizeIdCardNumber,
} from './id-card';
export type { Gender, IdCardCheckCode, IdCardCheckOptions } from './id-card';
export {
  checkCreditCode,
  CREDIT_CODE_MESSAGES,
  isValidCreditCode,
  normalizeCreditCode,
} from './credit-code';
export type { CreditCodeCheckCode } from './credit-code';
export { checkMobile, isValidMobile, MOBILE_MESSAGES, normalizeMobile } from './mobile';
export type { MobileCheckCode } from './mobile';
export {
  checkPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MESSAGES,
  PASSWORD_MIN_LENGTH,
  passwordStrength,
} from './password';
export type { PasswordCheckCode, PasswordCheckOptions, PasswordStrength } from './password';
export {
  checkUsername,
  isValidUsername,
  USERNAME_MAX_LENGTH,
  USERNAME_MESSAGES,
  USERNAME_MIN_LENGTH,
} from './username';
export type { UsernameCheckCode } from './username';
export { maskCreditCode, maskIdCardNumber, maskMobile, maskName, maskUnitName } from './mask';
export { normalizeSecurityAnswer } from './security-answer';

/** Every failure code of this module. */
export type ValidationCode =
  IdCardCheckCode | CreditCodeCheckCode | MobileCheckCode | PasswordCheckCode | UsernameCheckCode;

/** Chinese message for every failure code, e.g. for rendering a code received from an API. */
export const VALIDATION_MESSAGES: Readonly<Record<ValidationCode, string>> = Object.freeze({
  ...ID_CARD_MESSAGES,
  ...CREDIT_CODE_MESSAGES,
  ...MOBILE_MESSAGES,
  ...PASSWORD_MESSAGES,
  ...USERNAME_MESSAGES,
});
