// Small string helpers shared by the validators and maskers. Internal: not exported from index.

/** Coerces anything to a string without throwing; non-strings (null, undefined, numbers…) become ''. */
export function asString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * NFKC-normalises (full-width ＡＢＣ１２３ → ABC123, ideographic space → space), removes every
 * whitespace character (including ones inside the value) and upper-cases. Used for identifiers
 * that never legitimately contain whitespace: ID card numbers and credit codes.
 */
export function normalizeCompactIdentifier(value: unknown): string {
  return asString(value).normalize('NFKC').replace(/\s+/gu, '').toUpperCase();
}

const graphemeSegmenter: Intl.Segmenter | undefined =
  typeof Intl === 'object' && typeof Intl.Segmenter === 'function'
    ? new Intl.Segmenter('zh', { granularity: 'grapheme' })
    : undefined;

/**
 * Text in which every UTF-16 unit is a character of its own: printable ASCII, the middle dot of
 * transcribed names, CJK punctuation (but its combining tone marks), the BMP's CJK ideographs
 * and full-width forms — nearly every name and company name the hall sees. None of them
 * combines with a neighbour (test/validation/text.test.ts checks each against the segmenter).
 */
const ONE_UNIT_A_CHARACTER =
  /^[\x20-\x7E\u00B7\u3000-\u3029\u3030-\u303F\u3400-\u4DBF\u4E00-\u9FFF\uFF01-\uFF5E]*$/;

/**
 * Splits a string into user-perceived characters (grapheme clusters), so that a CJK Extension B
 * character (a surrogate pair) or a letter with a combining mark counts as one character. Text
 * of single-unit characters only is split directly: the segmenter costs more than the rest of
 * masking a name.
 */
export function graphemes(value: string): string[] {
  if (ONE_UNIT_A_CHARACTER.test(value)) return value.split('');
  if (graphemeSegmenter === undefined) return Array.from(value);
  return Array.from(graphemeSegmenter.segment(value), (s) => s.segment);
}

/** Number of Unicode code points (not UTF-16 code units). */
export function codePointLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}
