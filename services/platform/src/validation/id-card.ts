/**
 * 居民身份证号码 — citizen identity number per GB 11643-1999.
 *
 * Layout (18 characters): 6-digit address code (行政区划代码) + 8-digit birth date YYYYMMDD +
 * 3-digit sequence (odd = male, even = female) + 1 check character (0-9 or X), the check being
 * ISO 7064 MOD 11-2: Σ(digit × weight) mod 11 indexes "10X98765432".
 *
 * Only 18-character numbers are accepted; the legacy 15-digit numbers are no longer valid
 * identity documents.
 */
import type { Check } from './check';
import { fail, OK } from './check';
import { normalizeCompactIdentifier } from './text';

export type IdCardCheckCode =
  | 'id_card.required'
  | 'id_card.length'
  | 'id_card.format'
  | 'id_card.area'
  | 'id_card.birth_date'
  | 'id_card.checksum';

export const ID_CARD_MESSAGES: Readonly<Record<IdCardCheckCode, string>> = Object.freeze({
  'id_card.required': '请输入身份证号码',
  'id_card.length': '身份证号码应为18位',
  'id_card.format': '身份证号码格式不正确：前17位应为数字，最后一位为数字或字母X',
  'id_card.area': '身份证号码的地区码不正确',
  'id_card.birth_date': '身份证号码中的出生日期不正确',
  'id_card.checksum': '身份证号码校验位不正确，请核对后重新输入',
});

export interface IdCardCheckOptions {
  /**
   * The instant regarded as "now" when rejecting future birth dates; defaults to the current
   * time. It is converted to the calendar date in China Standard Time (UTC+8, no DST), the time
   * zone the birth dates are written in.
   */
  readonly today?: Date;
}

/** Province-level codes (first two digits of the address code), per GB/T 2260. */
// prettier-ignore
const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15', // 京 津 冀 晋 蒙
  '21', '22', '23', // 辽 吉 黑
  '31', '32', '33', '34', '35', '36', '37', // 沪 苏 浙 皖 闽 赣 鲁
  '41', '42', '43', '44', '45', '46', // 豫 鄂 湘 粤 桂 琼
  '50', '51', '52', '53', '54', // 渝 川 贵 云 藏
  '61', '62', '63', '64', '65', // 陕 甘 青 宁 新
  '71', // 台湾
  '81', '82', // 香港 澳门 (居住证)
  '83', // 台湾居民居住证
]);

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';
const SHAPE = /^\d{17}[\dX]$/;
/** Earliest accepted birth date, as YYYYMMDD. */
const MIN_BIRTH_DATE = 19000101;
const CHINA_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * The canonical form to validate and store: NFKC (full-width digits → ASCII), all whitespace
 * removed, upper-cased (a trailing lowercase `x` becomes `X`). Never throws; non-strings give ''.
 */
export function normalizeIdCardNumber(s: string): string {
  return normalizeCompactIdentifier(s);
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Today's date in China Standard Time as a YYYYMMDD number. */
function chinaDateNumber(today: Date | undefined): number {
  const t = today?.getTime();
  const instant = t === undefined || Number.isNaN(t) ? Date.now() : t;
  const d = new Date(instant + CHINA_UTC_OFFSET_MS);
  return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}

function isValidBirthDate(yyyymmdd: string, today: Date | undefined): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  const n = Number(yyyymmdd);
  return n >= MIN_BIRTH_DATE && n <= chinaDateNumber(today);
}

function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARACTERS.charAt(sum % 11);
}

/**
 * Validates a 居民身份证号码. The input is normalised first (see `normalizeIdCardNumber`), so
 * lowercase `x`, full-width digits and spaces are accepted; store the normalised value.
 *
 * Rules, in the order they are reported: required → length (18) → format (17 digits + digit/X)
 * → area (province-level code) → birth_date (real calendar date, 1900-01-01 … today) → checksum.
 */
export function checkIdCardNumber(
  s: string,
  options: IdCardCheckOptions = {},
): Check<IdCardCheckCode> {
  const id = normalizeIdCardNumber(s);
  if (id.length === 0) return fail('id_card.required', ID_CARD_MESSAGES);
  if (id.length !== 18) return fail('id_card.length', ID_CARD_MESSAGES);
  if (!SHAPE.test(id)) return fail('id_card.format', ID_CARD_MESSAGES);
  if (!PROVINCE_CODES.has(id.slice(0, 2))) return fail('id_card.area', ID_CARD_MESSAGES);
  if (!isValidBirthDate(id.slice(6, 14), options.today)) {
    return fail('id_card.birth_date', ID_CARD_MESSAGES);
  }
  if (checkCharacter(id.slice(0, 17)) !== id.charAt(17)) {
    return fail('id_card.checksum', ID_CARD_MESSAGES);
  }
  return OK;
}

/** True when `checkIdCardNumber` passes. */
export function isValidIdCardNumber(s: string, options: IdCardCheckOptions = {}): boolean {
  return checkIdCardNumber(s, options).ok;
}

/**
 * The birth date encoded in a valid number, as an ISO date `YYYY-MM-DD`; `undefined` when the
 * number does not pass `checkIdCardNumber` (nothing is derived from invalid numbers).
 */
export function birthDateFromIdCard(
  s: string,
  options: IdCardCheckOptions = {},
): string | undefined {
  if (!checkIdCardNumber(s, options).ok) return undefined;
  const id = normalizeIdCardNumber(s);
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

export type Gender = 'male' | 'female';

/**
 * The gender encoded in a valid number (17th digit odd = male, even = female); `undefined` when
 * the number does not pass `checkIdCardNumber`.
 */
export function genderFromIdCard(s: string, options: IdCardCheckOptions = {}): Gender | undefined {
  if (!checkIdCardNumber(s, options).ok) return undefined;
  return Number(normalizeIdCardNumber(s).charAt(16)) % 2 === 1 ? 'male' : 'female';
}
