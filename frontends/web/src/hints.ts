/**
 * Hints shown while a form is filled in (JavaScript on): the same rules identity applies, from
 * @hall/platform/validation, so a mistake shows before the form is sent. identity's answer still
 * decides, and without JavaScript it is the only check. Each app adds its own in `$lib/hints`.
 */
import { checkMobile, checkUsername, normalizeMobile, type Check } from '@hall/platform/validation';

/** A hint check: the message to show, or null when the value looks right (or is still empty). */
export type Hint = (value: string) => string | null;

/** A validation check's message, or null when it passed. */
export const hintMessage = (check: Check): string | null => (check.ok ? null : check.message);

export const usernameHint: Hint = (v) => (v ? hintMessage(checkUsername(v)) : null);
export const mobileHint: Hint = (v) =>
  v.trim() ? hintMessage(checkMobile(normalizeMobile(v))) : null;
