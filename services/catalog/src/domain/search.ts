// Chinese keyword search without a PostgreSQL text-search parser: the words come from
// Intl.Segmenter on both sides (documents and queries), are written as quoted lexemes of a
// tsvector literal and matched with a tsquery of quoted prefix terms (`'教师':*`). No parser or
// locale is involved, so PostgreSQL 15 and PGlite behave the same.

/** A lexeme quoted for a tsvector or tsquery literal: taken verbatim, never parsed. */
const quote = (lexeme: string) => `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

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

/** A tsquery literal: every word as a quoted prefix term, AND-ed; null when no word is left. */
export function toTsquery(q: string): string | null {
  const terms = queryWords(q).slice(0, 12);
  if (terms.length === 0) return null;
  return terms.map((w) => `'${w.replace(/\\/g, '\\\\').replace(/'/g, "''")}':*`).join(' & ');
}

export interface SearchSources {
  name: string;
  implCode: string;
  basicCode: string;
  departmentName: string;
  subItemNames: string[];
}

/**
 * The tsvector literal of an item: its name and codes weigh A, its sub-items' names B, its
 * department's name C (ts_rank ranks a match in the name above one in the department). Each
 * lexeme is quoted, so PostgreSQL takes it verbatim; positions carry the weights.
 */
export function searchVector(source: SearchSources): string {
  const weighted: Array<[string[], 'A' | 'B' | 'C']> = [
    [[...words(source.name), source.implCode.toLowerCase(), source.basicCode.toLowerCase()], 'A'],
    [source.subItemNames.flatMap(words), 'B'],
    [words(source.departmentName), 'C'],
  ];
  const seen = new Set<string>();
  const parts: string[] = [];
  let position = 0;
  for (const [list, weight] of weighted) {
    for (const lexeme of list) {
      if (!lexeme || seen.has(lexeme) || position >= 16383) continue;
      seen.add(lexeme);
      position += 1;
      parts.push(`${quote(lexeme)}:${position}${weight}`);
    }
  }
  return parts.join(' ');
}
