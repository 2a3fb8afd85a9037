/**
 * Canonical form of a security-question answer, applied both when the answer is set and when it
 * is checked (before hashing), so that trivially different spellings compare equal:
 * NFKC (full-width ＢＥＩＪＩＮＧ → BEIJING, ideographic space → space), lower-case, and every
 * whitespace and invisible formatting character (zero-width space, BOM, …) removed —
 * "北京 " = "北京" = "北 京", "ＢＥＩＪＩＮＧ" = "beijing" = "Bei Jing".
 *
 * Never throws; non-strings give ''. An empty result means "no answer".
 */
import { asString } from './text';

export function normalizeSecurityAnswer(s: string): string {
  return asString(s)
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFKC')
    .replace(/[\s\p{Default_Ignorable_Code_Point}]+/gu, '');
}
