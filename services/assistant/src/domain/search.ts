import type { Tx } from '@hall/platform';
import { fillerWords, tsqueryTerm, type Weight } from '@hall/platform/search';
import { and, asc, count, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import {
  departments,
  faqs,
  items,
  type IndexedGuide,
  type IndexedMaterial,
  type TimeLimit,
} from '../db/schema';
import {
  DEPARTMENT_KIND_WORDS,
  ALL_SYNONYMS,
  DEPARTMENT_SYNONYMS,
  expandedWords,
  nameWords,
} from './language';

// Reading the index. Items are ranked in SQL: each question word scores by where it matches
// (name 1, sub-items 0.6, department 0.35, conditions 0.12), weighted by how rare it is among
// the station's item names (WordRarity: a word in every name, like 许可, tells little), and the
// sum is divided by what a perfect match would score: `coverage` in 0–1 says how much of the
// question the item answers, whatever the number of words.

/** Where a word matches, best first, and what that is worth. */
const PLACES: ReadonlyArray<readonly [Weight, number]> = [
  ['A', 1],
  ['B', 0.6],
  ['C', 0.35],
  ['D', 0.12],
];
/** A word matching in a name (A) or a sub-item's name (B) scores at least this. */
const NAME_SCORE = 0.6;

/**
 * A query term: a word of two or more characters also matches as a prefix (教师 → 教师资格);
 * a single character only as itself, or 证 would match 证书 and 证明.
 */
const term = (word: string, weights?: readonly Weight[]) =>
  tsqueryTerm(word, { prefix: [...word].length > 1, ...(weights ? { weights } : {}) });

const anyOf = (list: readonly string[]) => list.map((w) => term(w)).join(' | ');

export interface RankedItem {
  id: string;
  name: string;
  parentId: string | null;
  departmentId: string;
  departmentName: string;
  powerType: string;
  handlingType: 'immediate' | 'promised';
  online: boolean;
  materials: IndexedMaterial[];
  guide: IndexedGuide;
  legalTimeLimit: TimeLimit | null;
  promisedTimeLimit: TimeLimit | null;
  /** Share of the question (by word rarity) the item answers, 0–1. */
  coverage: number;
  /** Question words found in the item's name or its sub-items' names. */
  nameHits: number;
}

const itemColumns = {
  id: items.id,
  name: items.name,
  parentId: items.parentId,
  departmentId: items.departmentId,
  departmentName: items.departmentName,
  powerType: items.powerType,
  handlingType: items.handlingType,
  online: items.online,
  materials: items.materials,
  guide: items.guide,
  legalTimeLimit: items.legalTimeLimit,
  promisedTimeLimit: items.promisedTimeLimit,
};

/**
 * The station's items best matching `questionWords`, best first: by coverage, then online
 * items, then top-level items, then by name. Items matching no word are not candidates.
 */
/**
 * The words whose items can answer at all: an item matching none of them covers less than
 * `floor` of the question, since the other words weigh too little together. Taken rarest
 * first, so a common word (许可, in half the names) does not make half the station candidates
 * when a rare one (港口) decides.
 */
export function decisiveWords(
  questionWords: readonly string[],
  rarities: readonly number[],
  floor: number,
): string[] {
  const total = rarities.reduce((sum, r) => sum + r, 0);
  const order = questionWords.map((w, i) => ({ w, r: rarities[i]! })).sort((a, b) => b.r - a.r);
  const decisive: string[] = [];
  let rest = total;
  for (const { w, r } of order) {
    if (rest < floor * total) break;
    decisive.push(w);
    rest -= r;
  }
  return decisive;
}

export async function rankItems(
  tx: Tx,
  station: string,
  questionWords: readonly string[],
  rarities: readonly number[],
  options: { limit: number; floor: number },
): Promise<RankedItem[]> {
  const total = rarities.reduce((sum, r) => sum + r, 0);
  // No words, or a station without items (every rarity 0): nothing to rank.
  if (questionWords.length === 0 || total === 0) return [];
  const decisive = decisiveWords(questionWords, rarities, options.floor);
  const place = (i: number) => sql.identifier(`m${i}`);
  const scored = tx
    .select({
      id: items.id,
      name: items.name,
      parentId: items.parentId,
      online: items.online,
      ...Object.fromEntries(
        questionWords.map((w, i) => [
          `m${i}`,
          sql<number>`case ${sql.join(
            PLACES.map(
              ([weight, score]) =>
                sql`when ${items.search} @@ ${term(w, [weight])}::tsquery then ${sql.raw(`${score}::float8`)}`,
            ),
            sql` `,
          )} else 0::float8 end`.as(`m${i}`),
        ]),
      ),
    })
    .from(items)
    .where(and(eq(items.station, station), sql`${items.search} @@ ${anyOf(decisive)}::tsquery`))
    .as('scored');
  const sum = (parts: SQL[]) => sql.join(parts, sql` + `);
  const coverage = sql<number>`(${sum(
    questionWords.map((_, i) => sql`${place(i)} * ${rarities[i]!}::float8`),
  )}) / ${total}::float8`;
  const nameHits = sql<number>`${sum(
    questionWords.map((_, i) => sql`(${place(i)} >= ${sql.raw(String(NAME_SCORE))})::int`),
  )}`;
  // Scored on narrow rows; the texts are read for the best few only.
  const best = tx
    .select({
      id: scored.id,
      coverage: coverage.as('coverage'),
      nameHits: nameHits.as('name_hits'),
    })
    .from(scored)
    .orderBy(
      desc(coverage),
      desc(scored.online),
      sql`${scored.parentId} is null desc`,
      asc(scored.name),
    )
    .limit(options.limit)
    .as('best');
  return tx
    .select({
      ...itemColumns,
      coverage: sql<number>`${best.coverage}`.mapWith(Number),
      nameHits: sql<number>`${best.nameHits}`.mapWith(Number),
    })
    .from(best)
    .innerJoin(items, eq(items.id, best.id))
    .orderBy(
      desc(best.coverage),
      desc(items.online),
      sql`${items.parentId} is null desc`,
      asc(items.name),
    );
}

const EPSILON = 1e-9;

/**
 * The final order of ranked items. Ties in coverage go to online items, then top-level items,
 * then the item whose name has the fewest words the question leaves out (the most specific
 * match: “结婚登记” is 内地居民结婚登记 rather than 补领婚姻登记证). And a question that singles
 * out one sub-item — it scores as high as its parent and no sibling does — is answered with
 * that sub-item (“幼儿园老师资格证” at a station listing 幼儿园、小学和初级中学教师资格认定 and its
 * three sub-items).
 */
export function orderRanked(
  ranked: readonly RankedItem[],
  questionWords: readonly string[],
): RankedItem[] {
  const unmatched = new Map(
    ranked.map((item) => [
      item.id,
      nameWords(item.name).filter(
        (w) => !fillerWords.has(w) && !questionWords.some((q) => matches(q, w)),
      ).length,
    ]),
  );
  const ordered = [...ranked].sort(
    (a, b) =>
      (Math.abs(a.coverage - b.coverage) > EPSILON ? b.coverage - a.coverage : 0) ||
      Number(b.online) - Number(a.online) ||
      Number(a.parentId !== null) - Number(b.parentId !== null) ||
      unmatched.get(a.id)! - unmatched.get(b.id)! ||
      a.name.localeCompare(b.name, 'zh'),
  );
  const [top] = ordered;
  if (!top) return ordered;
  const tied = ordered.filter(
    (i) => i.parentId === top.id && Math.abs(i.coverage - top.coverage) <= EPSILON,
  );
  const [only] = tied;
  if (tied.length !== 1 || !only) return ordered;
  return [only, ...ordered.filter((i) => i !== only)];
}

export interface DepartmentMatch {
  id: string;
  name: string;
}

/**
 * The enabled departments whose name (with its synonyms) holds every question word that is not
 * a mere kind of office (局, 委): “交通运输” and “交委” both name 市交通运输委. Shortest name first.
 */
export async function namedDepartments(
  tx: Tx,
  station: string,
  questionWords: readonly string[],
): Promise<DepartmentMatch[]> {
  const wanted = questionWords.filter((w) => !DEPARTMENT_KIND_WORDS.has(w));
  if (wanted.length === 0) return [];
  const rows = await tx
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(
      and(
        eq(departments.station, station),
        eq(departments.enabled, true),
        sql`${departments.search} @@ ${anyOf(wanted)}::tsquery`,
      ),
    );
  return rows
    .filter((d) => {
      const have = expandedWords(d.name, DEPARTMENT_SYNONYMS);
      return wanted.every((w) => have.some((h) => matches(w, h)));
    })
    .sort((a, b) => a.name.length - b.name.length || a.name.localeCompare(b.name));
}

/** A question word matches a document word as the query terms do: prefix, or exact for one character. */
function matches(questionWord: string, documentWord: string): boolean {
  return [...questionWord].length > 1
    ? documentWord.startsWith(questionWord)
    : documentWord === questionWord;
}

/** The department's top-level items (online first, then by name) and how many it has. */
export async function departmentItems(
  tx: Tx,
  station: string,
  departmentId: string,
  limit: number,
): Promise<{ items: RankedItem[]; total: number }> {
  const where = and(
    eq(items.station, station),
    eq(items.departmentId, departmentId),
    isNull(items.parentId),
  );
  const [rows, [counted]] = await Promise.all([
    tx
      .select(itemColumns)
      .from(items)
      .where(where)
      .orderBy(desc(items.online), asc(items.name))
      .limit(limit),
    tx.select({ n: count() }).from(items).where(where),
  ]);
  return {
    items: rows.map((r) => ({ ...r, coverage: 1, nameHits: 0 })),
    total: counted?.n ?? 0,
  };
}

export interface MatchedFaq {
  id: string;
  question: string;
  answer: string;
  departmentName: string;
  /** How well the FAQ's question and the asked one agree, 0–1 (both ways: see `agreement`). */
  agreement: number;
}

/**
 * The station's FAQs whose question shares words with the asked one, best first. Agreement is
 * the harmonic mean of the share of the asked words found in the FAQ's question and the share
 * of the FAQ question's words found in the asked one, so a FAQ about more (or less) than what
 * was asked ranks lower.
 */
export async function matchFaqs(
  tx: Tx,
  station: string,
  questionWords: readonly string[],
  meaningfulWords: (text: string) => string[],
): Promise<MatchedFaq[]> {
  if (questionWords.length === 0) return [];
  const rows = await tx
    .select({
      id: faqs.id,
      question: faqs.question,
      answer: faqs.answer,
      departmentName: faqs.departmentName,
    })
    .from(faqs)
    .where(and(eq(faqs.station, station), sql`${faqs.search} @@ ${anyOf(questionWords)}::tsquery`))
    // The closest first, should a station have many FAQs sharing a word with the question.
    .orderBy(desc(sql`ts_rank(${faqs.search}, ${anyOf(questionWords)}::tsquery)`))
    .limit(50);
  return rows
    .map((row) => {
      const own = meaningfulWords(row.question);
      const expanded = expandedWords(row.question, ALL_SYNONYMS);
      const asked = questionWords.filter((w) => expanded.some((h) => matches(w, h))).length;
      const answered = own.filter((w) =>
        questionWords.some((q) => matches(q, w) || matches(w, q)),
      ).length;
      const recall = asked / questionWords.length;
      const precision = own.length === 0 ? 0 : answered / own.length;
      const agreement =
        recall + precision === 0 ? 0 : (2 * recall * precision) / (recall + precision);
      return { ...row, agreement };
    })
    .sort((a, b) => b.agreement - a.agreement || a.question.localeCompare(b.question));
}
