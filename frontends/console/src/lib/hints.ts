/**
 * Hints shown while a form is filled in (JavaScript on): the same rules identity applies, from
 * @hall/platform/validation, so a mistake shows before the form is sent. identity's answer still
 * decides, and without JavaScript it is the only check.
 */
import type { Hint } from '@hall/web';

export { mobileHint, usernameHint, type Hint } from '@hall/web';

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
