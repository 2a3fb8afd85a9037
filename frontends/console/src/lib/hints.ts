/**
 * Hints shown while a form is filled in (JavaScript on): the same rules identity applies, from
 * @hall/platform/validation, so a mistake shows before the form is sent. identity's answer still
 * decides, and without JavaScript it is the only check.
 */
import { checkMobile, checkUsername, normalizeMobile, type Check } from '@hall/platform/validation';

/** A hint check: the message to show, or null when the value looks right (or is still empty). */
export type Hint = (value: string) => string | null;

const message = (check: Check): string | null => (check.ok ? null : check.message);

export const usernameHint: Hint = (v) => (v ? message(checkUsername(v)) : null);
export const mobileHint: Hint = (v) => (v.trim() ? message(checkMobile(normalizeMobile(v))) : null);
export const staffNameHint: Hint = (v) =>
  v.trim() && (v.trim().length < 2 || v.trim().length > 30) ? '姓名应为2至30个字' : null;
export const stationKeyHint: Hint = (v) =>
  v.trim() && !/^[a-z][a-z0-9-]{1,31}$/.test(v.trim())
    ? '站点标识应为2至32位小写字母、数字或连字符，以字母开头'
    : null;
export const stationNameHint: Hint = (v) =>
  v.trim() && (v.trim().length < 2 || v.trim().length > 30) ? '站点名称应为2至30个字' : null;
export const divisionCodeHint: Hint = (v) =>
  v.trim() && !/^\d{6}$/.test(v.trim()) ? '行政区划代码应为6位数字' : null;
