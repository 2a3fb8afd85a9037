/**
 * Hints shown while a form is filled in (JavaScript on): the same rules identity applies, from
 * @hall/platform/validation, so a mistake shows before the form is sent. The service's answer
 * still decides.
 */
import { hintMessage as message, type Hint } from '@hall/web';
import {
  checkCreditCode,
  checkIdCardNumber,
  normalizeCreditCode,
  normalizeIdCardNumber,
} from '@hall/platform/validation';

export { mobileHint, usernameHint, type Hint } from '@hall/web';

export const idNumberHint: Hint = (v) =>
  v.trim() ? message(checkIdCardNumber(normalizeIdCardNumber(v))) : null;
export const creditCodeHint: Hint = (v) =>
  v.trim() ? message(checkCreditCode(normalizeCreditCode(v))) : null;
export const personNameHint: Hint = (v) =>
  v.trim() && !/^[\p{Script=Han}·A-Za-z ]{2,30}$/u.test(v.trim())
    ? '请填写真实姓名（2至30个汉字或字母）'
    : null;
export const unitNameHint: Hint = (v) =>
  v.trim() && (v.trim().length < 4 || v.trim().length > 60) ? '请填写单位全称（4至60个字）' : null;
export const emailHint: Hint = (v) =>
  v.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? '电子邮箱格式不正确' : null;
