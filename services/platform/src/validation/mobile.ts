/**
 * Mainland China mobile numbers: `^1[3-9]\d{9}$` (common practice, not a standard — number
 * ranges are allocated by MIIT and change over time, so no per-carrier prefix table is kept).
 */
import type { Check } from './check';
import { fail, OK } from './check';
import { asString } from './text';

export type MobileCheckCode = 'mobile.required' | 'mobile.format';

export const MOBILE_MESSAGES: Readonly<Record<MobileCheckCode, string>> = Object.freeze({
  'mobile.required': '请输入手机号码',
  'mobile.format': '请输入正确的11位手机号码',
});

const MOBILE = /^1[3-9]\d{9}$/;

/**
 * The canonical form to validate and store: NFKC (full-width digits → ASCII), whitespace and
 * hyphens removed ("138 1234 5678", "138-1234-5678"), and a leading country code +86 / 0086 / 86
 * dropped when what remains is 11 digits starting with 1. Never throws; non-strings give ''.
 */
export function normalizeMobile(s: string): string {
  const compact = asString(s)
    .normalize('NFKC')
    .replace(/[\s\-‐‑–—]+/gu, '');
  const withoutCountryCode = /^(?:\+86|0086|86)(1\d{10})$/.exec(compact);
  return withoutCountryCode?.[1] ?? compact;
}

/** Validates a mobile number after `normalizeMobile`; store the normalised value. */
export function checkMobile(s: string): Check<MobileCheckCode> {
  const mobile = normalizeMobile(s);
  if (mobile.length === 0) return fail('mobile.required', MOBILE_MESSAGES);
  if (!MOBILE.test(mobile)) return fail('mobile.format', MOBILE_MESSAGES);
  return OK;
}

/** True when `checkMobile` passes. */
export function isValidMobile(s: string): boolean {
  return checkMobile(s).ok;
}
