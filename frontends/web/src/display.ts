/** 大字 / 高对比: the elder-friendly display mode, kept in a cookie and applied on the server. */

export const ELDER_COOKIE = 'hall_elder';

/** The class the server puts on <html> when the mode is on (see `elderClass`). */
export const ELDER_CLASS = 'elder';

/** `%hall.html.class%` in app.html is replaced with this: the <html> element's class list. */
export function htmlClass(elder: boolean): string {
  return elder ? ELDER_CLASS : '';
}

/**
 * A same-site path to return to after a form post: only absolute paths of this site, never
 * `//host` or a URL, so a crafted link cannot send anyone elsewhere.
 */
export function safeReturnPath(value: unknown, fallback: string): string {
  if (
    typeof value !== 'string' ||
    !value.startsWith('/') ||
    value.startsWith('//') ||
    value.includes('\\')
  ) {
    return fallback;
  }
  return value;
}
