// Chinese keyword search without a PostgreSQL text-search parser (ADR 7): the words come from
// Intl.Segmenter on both sides (documents and queries), are written as quoted lexemes of a
// tsvector literal and matched with a tsquery of quoted terms (`'教师':*`). No parser or locale
// is involved, so PostgreSQL 15 and PGlite behave the same. The catalog's search and the Q&A
// robot's index segment alike through this module.

/** tsvector weights: A ranks highest, D lowest (ts_rank's defaults 1.0, 0.4, 0.2, 0.1). */
export type Weight = 'A' | 'B' | 'C' | 'D';

/** PostgreSQL keeps at most this position in a tsvector; later lexemes are left out. */
const MAX_POSITION = 16383;

/** A lexeme quoted for a tsvector or tsquery literal: taken verbatim, never parsed. */
export function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** The word-like segments of `text`, lower-cased, each once. */
export function words(text: string): string[] {
  const out = new Set<string>();
  for (const s of segmenter.segment(text.normalize('NFKC'))) {
    if (!s.isWordLike) continue;
    const word = s.segment.trim().toLowerCase();
    if (word) out.add(word);
  }
  return [...out];
}

/** Words that say nothing about which item is meant (“交通运输事项有哪些”). */
export const fillerWords: ReadonlySet<string> = new Set([
  '事项',
  '办理',
  '办',
  '申办',
  '怎么',
  '怎样',
  '如何',
  '哪些',
  '哪里',
  '什么',
  '需要',
  '我',
  '我要',
  '要',
  '想',
  '的',
  '了',
  '吗',
  '呢',
  '啊',
  '和',
  '与',
  '及',
  '或',
  '在',
  '是',
  '有',
  '去',
  '请问',
  '相关',
  '服务',
]);

/** The words of a query that must each match: its words minus the filler words. */
export function queryWords(q: string): string[] {
  return words(q).filter((w) => !fillerWords.has(w));
}

/**
 * One term of a tsquery literal: the quoted word, `:*` to match it as a prefix, and the
 * weights it may match at (`'教师':*AB`); none means any weight.
 */
export function tsqueryTerm(
  word: string,
  options: { prefix?: boolean; weights?: readonly Weight[] } = {},
): string {
  const label = `${options.prefix === false ? '' : '*'}${(options.weights ?? []).join('')}`;
  return label ? `${quoteLexeme(word)}:${label}` : quoteLexeme(word);
}

/**
 * Where the words of a vector belong. A table holding every station's documents in one GIN index
 * keeps each station's words apart (`cq:教师`): a search then reads the postings of its own
 * station's documents, not those of all 42 (ADR 17). Vectors and queries must agree on it.
 */
export interface WordScope {
  scope?: string;
}

const scoped = (scope: string | undefined) =>
  scope === undefined ? (word: string) => word : (word: string) => `${scope}:${word}`;

/** The terms a query searches for: its first twelve words, in the scope when there is one. */
export function queryTerms(q: string, { scope }: WordScope = {}): string[] {
  return queryWords(q).slice(0, 12).map(scoped(scope));
}

/** A tsquery literal: every term as a quoted prefix term, AND-ed; null when no word is left. */
export function toTsquery(q: string, scope: WordScope = {}): string | null {
  const terms = queryTerms(q, scope);
  if (terms.length === 0) return null;
  return terms.map((w) => tsqueryTerm(w)).join(' & ');
}

/**
 * A tsvector literal of weighted word lists: each lexeme once, at the weight of the first list
 * that has it (list them from the highest weight down), positions in order. Each lexeme is
 * quoted, so PostgreSQL takes it verbatim.
 */
export function weightedVector(
  lists: ReadonlyArray<readonly [readonly string[], Weight]>,
  { scope }: WordScope = {},
): string {
  const inScope = scoped(scope);
  const seen = new Set<string>();
  const parts: string[] = [];
  let position = 0;
  for (const [list, weight] of lists) {
    for (const lexeme of list) {
      if (!lexeme || seen.has(lexeme) || position >= MAX_POSITION) continue;
      seen.add(lexeme);
      position += 1;
      parts.push(`${quoteLexeme(inScope(lexeme))}:${position}${weight}`);
    }
  }
  return parts.join(' ');
}
