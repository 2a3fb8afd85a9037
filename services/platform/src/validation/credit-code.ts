/**
 * 统一社会信用代码 — unified social credit code per GB 32100-2015.
 *
 * Layout (18 characters from "0123456789ABCDEFGHJKLMNPQRTUWXY", i.e. no I, O, Z, S, V):
 *   1      登记管理部门码 (registration authority)
 *   2      机构类别码 (organisation type, meaning depends on the authority)
 *   3–8    登记管理机关行政区划码 (area code of the registering office, digits)
 *   9–17   主体标识码 (the former 组织机构代码, GB 11714)
 *   18     check character: 31 − (Σ value × weight mod 31), 31 → 0, mapped back into the alphabet.
 *
 * Authority / type codes. GB 32100-2015 itself lists 1 机构编制 (1 机关, 2 事业单位,
 * 3 中央编办直接管理机构编制的群众团体, 9 其他), 5 民政 (1 社会团体, 2 民办非企业单位,
 * 3 基金会, 9 其他), 9 工商 (1 企业, 2 个体工商户, 3 农民专业合作社) and Y 其他 (1). Authority
 * codes assigned later under the same scheme are also in use and accepted here, because real
 * organisations hold them (e.g. law firms start with "31"): 2 外交 (1, 9), 3 司法行政
 * (1 律师执业机构, 2 公证处, 3 基层法律服务所, 4 司法鉴定机构, 5 仲裁委员会, 9 其他), 4 文化 (1, 9),
 * 6 旅游 (1, 2, 9), 7 宗教 (1 宗教活动场所, 2 宗教院校, 9 其他), 8 工会 (1 基层工会, 9 其他),
 * A 中央军委改革和编制办公室 (1, 9), N 农业 (1 组级, 2 村级, 3 乡镇级集体经济组织, 9 其他).
 *
 * The area code is only checked to be six digits: centrally registered organisations use codes
 * such as 100000 that are not province codes, so no province table is applied.
 */
import type { Check } from './check';
import { fail, OK } from './check';
import { normalizeCompactIdentifier } from './text';

export type CreditCodeCheckCode =
  | 'credit_code.required'
  | 'credit_code.length'
  | 'credit_code.charset'
  | 'credit_code.registration_authority'
  | 'credit_code.organization_type'
  | 'credit_code.area'
  | 'credit_code.checksum';

export const CREDIT_CODE_MESSAGES: Readonly<Record<CreditCodeCheckCode, string>> = Object.freeze({
  'credit_code.required': '请输入统一社会信用代码',
  'credit_code.length': '统一社会信用代码应为18位',
  'credit_code.charset': '统一社会信用代码只能包含数字和大写英文字母（不含 I、O、Z、S、V）',
  'credit_code.registration_authority': '统一社会信用代码第1位（登记管理部门码）不正确',
  'credit_code.organization_type': '统一社会信用代码第2位（机构类别码）不正确',
  'credit_code.area': '统一社会信用代码第3至8位（行政区划码）应为数字',
  'credit_code.checksum': '统一社会信用代码校验位不正确，请核对后重新输入',
});

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const CHARSET = /^[0-9A-HJ-NP-RTUW-Y]+$/;

/** Registration authority code → the organisation type codes defined under it. */
const ORGANIZATION_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '1': '1239', // 机构编制
  '2': '19', // 外交
  '3': '123459', // 司法行政
  '4': '19', // 文化
  '5': '1239', // 民政
  '6': '129', // 旅游
  '7': '129', // 宗教
  '8': '19', // 工会
  '9': '123', // 工商
  A: '19', // 中央军委改革和编制办公室
  N: '1239', // 农业
  Y: '1', // 其他
});

/**
 * The canonical form to validate and store: NFKC (full-width → ASCII), all whitespace removed,
 * upper-cased. Never throws; non-strings give ''.
 */
export function normalizeCreditCode(s: string): string {
  return normalizeCompactIdentifier(s);
}

function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17.charAt(i)) * (WEIGHTS[i] ?? 0);
  const check = 31 - (sum % 31);
  return ALPHABET.charAt(check === 31 ? 0 : check);
}

/**
 * Validates a 统一社会信用代码. The input is normalised first (see `normalizeCreditCode`); store
 * the normalised value.
 *
 * Rules, in the order they are reported: required → length (18) → charset → registration
 * authority (1st char) → organisation type (2nd char, per authority) → area (3rd–8th digits) →
 * checksum.
 */
export function checkCreditCode(s: string): Check<CreditCodeCheckCode> {
  const code = normalizeCreditCode(s);
  if (code.length === 0) return fail('credit_code.required', CREDIT_CODE_MESSAGES);
  if (code.length !== 18) return fail('credit_code.length', CREDIT_CODE_MESSAGES);
  if (!CHARSET.test(code)) return fail('credit_code.charset', CREDIT_CODE_MESSAGES);
  const types = ORGANIZATION_TYPES[code.charAt(0)];
  if (types === undefined) return fail('credit_code.registration_authority', CREDIT_CODE_MESSAGES);
  if (!types.includes(code.charAt(1))) {
    return fail('credit_code.organization_type', CREDIT_CODE_MESSAGES);
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) return fail('credit_code.area', CREDIT_CODE_MESSAGES);
  if (checkCharacter(code.slice(0, 17)) !== code.charAt(17)) {
    return fail('credit_code.checksum', CREDIT_CODE_MESSAGES);
  }
  return OK;
}

/** True when `checkCreditCode` passes. */
export function isValidCreditCode(s: string): boolean {
  return checkCreditCode(s).ok;
}
