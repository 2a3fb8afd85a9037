// PostgreSQL's text-search vectors and `ts_rank` in memory, for the station catalogs answered
// from memory (station-catalog.ts, ADR 18): the same matches and the same order as
// `search @@ tsquery order by ts_rank(search, tsquery)` for the catalog's queries — every term a
// prefix, AND-ed (`'cq:教师':* & 'cq:资格':*`), default weights, no normalisation. Ported from
// src/backend/utils/adt/tsrank.c (calc_rank_or, calc_rank_and, word_distance), float4 arithmetic
// kept with Math.fround so that ties and near-ties order as they do in PostgreSQL.

const MAX_ENTRY_POS = 1 << 14;

/** ts_rank's default weights, indexed D, C, B, A (as WEP_GETWEIGHT gives them). */
const WEIGHTS = [Math.fround(0.1), Math.fround(0.2), Math.fround(0.4), Math.fround(1.0)];
const WEIGHT_INDEX: Record<string, number> = { A: 3, B: 2, C: 1, D: 0 };

/** A position and its weight in one number, `pos * 4 + weight` (weight 0 = D … 3 = A). */
type Position = number;
const posOf = (p: Position) => p >> 2;
const weightOf = (p: Position) => WEIGHTS[p & 3]!;

export interface Lexeme {
  text: string;
  /** Null when stored without positions. */
  positions: Position[] | null;
}

/**
 * A tsvector's text output (`'cq:教师':1A,4 'x'`) as its lexemes, in the order PostgreSQL keeps
 * and prints them (by their UTF-8 bytes), which the ranking's prefix matches follow.
 */
export function parseTsvector(text: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === ' ') {
      i++;
      continue;
    }
    if (text[i] !== "'")
      throw new Error(`unexpected tsvector text at ${i}: ${text.slice(i, i + 20)}`);
    let lexeme = '';
    for (i++; ; i++) {
      if (i >= text.length) throw new Error('unterminated lexeme in tsvector text');
      const c = text[i]!;
      if (c === '\\') lexeme += text[++i];
      else if (c === "'" && text[i + 1] === "'") lexeme += text[i++];
      else if (c === "'") break;
      else lexeme += c;
    }
    i++;
    let positions: Position[] | null = null;
    if (text[i] === ':') {
      positions = [];
      const match = /^(\d+)([ABCD]?)((?:,\d+[ABCD]?)*)/.exec(text.slice(i + 1));
      if (!match) throw new Error('bad positions in tsvector text');
      for (const p of match[0].split(',')) {
        const digits = /^\d+/.exec(p)![0];
        positions.push(Number(digits) * 4 + WEIGHT_INDEX[p.slice(digits.length) || 'D']!);
      }
      i += 1 + match[0].length;
    }
    out.push({ text: lexeme, positions });
  }
  return out;
}

/** A query of AND-ed prefix terms, prepared for ranking many vectors. */
export interface RankQuery {
  /** Its terms, unique, in PostgreSQL's order (SortAndUniqItems: by UTF-8 bytes). */
  operands: string[];
  /** More than one term: the query's top operator is an AND (calc_rank_and). */
  and: boolean;
}

export function rankQuery(terms: readonly string[]): RankQuery {
  const operands = [...new Set(terms)]
    .map((text) => ({ text, bytes: Buffer.from(text) }))
    .sort((a, b) => Buffer.compare(a.bytes, b.bytes))
    .map((o) => o.text);
  return { operands, and: terms.length > 1 };
}

/** The lexemes a prefix term matches: consecutive in PostgreSQL's order (find_wordentry). */
function prefixMatches(vector: readonly Lexeme[], operand: string): Lexeme[] {
  return vector.filter((l) => l.text.startsWith(operand));
}

const NO_POSITION: Position[] = [0];
const NO_POSITION_AND: Position[] = [(MAX_ENTRY_POS - 1) * 4];

function wordDistance(distance: number): number {
  if (distance > 100) return Math.fround(1e-30);
  return Math.fround(1.0 / (1.005 + 0.05 * Math.exp(Math.fround(distance) / 1.5 - 2)));
}

function rankOr(vector: readonly Lexeme[], operands: readonly string[]): number {
  let res = 0;
  for (const operand of operands) {
    for (const entry of prefixMatches(vector, operand)) {
      const post = entry.positions ?? NO_POSITION;
      let resj = 0;
      let wjm = -1;
      let jm = 0;
      for (let j = 0; j < post.length; j++) {
        const w = weightOf(post[j]!);
        resj = Math.fround(resj + Math.fround(w / ((j + 1) * (j + 1))));
        if (w > wjm) {
          wjm = w;
          jm = j;
        }
      }
      const sum = Math.fround(Math.fround(wjm + resj) - Math.fround(wjm / ((jm + 1) * (jm + 1))));
      res = Math.fround(res + sum / 1.64493406685);
    }
  }
  return operands.length > 0 ? Math.fround(res / operands.length) : res;
}

function rankAnd(vector: readonly Lexeme[], operands: readonly string[]): number {
  if (operands.length < 2) return rankOr(vector, operands);
  // As in calc_rank_and, an operand's positions are those of the last lexeme it matched when
  // later operands are compared with it.
  const pos: Array<Position[] | null> = operands.map(() => null);
  let res = -1;
  for (let i = 0; i < operands.length; i++) {
    for (const entry of prefixMatches(vector, operands[i]!)) {
      const own = entry.positions ?? NO_POSITION_AND;
      pos[i] = own;
      for (let k = 0; k < i; k++) {
        const other = pos[k];
        if (!other) continue;
        for (const l of own) {
          for (const p of other) {
            let distance = Math.abs(posOf(l) - posOf(p));
            if (distance || own === NO_POSITION_AND || other === NO_POSITION_AND) {
              if (!distance) distance = MAX_ENTRY_POS;
              const product = Math.fround(
                Math.fround(weightOf(l) * weightOf(p)) * wordDistance(distance),
              );
              const curw = Math.fround(Math.sqrt(product));
              res = res < 0 ? curw : Math.fround(1.0 - (1.0 - res) * (1.0 - curw));
            }
          }
        }
      }
    }
  }
  return res;
}

/** `ts_rank(vector, query)` for a query of AND-ed prefix terms (one term: no AND). */
export function tsRank(vector: readonly Lexeme[], query: RankQuery): number {
  if (vector.length === 0 || query.operands.length === 0) return 0;
  const res = query.and ? rankAnd(vector, query.operands) : rankOr(vector, query.operands);
  return res < 0 ? Math.fround(1e-20) : res;
}
