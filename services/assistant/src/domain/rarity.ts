import type { Tx } from '@hall/platform';
import { tsqueryTerm } from '@hall/platform/search';
import { eq, sql } from 'drizzle-orm';
import { items } from '../db/schema';

/** How long a count is trusted: the catalog changes by a few items a day, questions by the second. */
const TTL_MS = 60_000;
/** Beyond this many cached words the cache starts afresh (a bound on memory, not a tuning knob). */
const MAX_ENTRIES = 50_000;

interface Entry {
  count: number;
  at: number;
}

/**
 * How rare each question word is among a station's item names: ln(1 + items / (1 + items whose
 * name, or a sub-item's name, holds the word)). A word in every name (许可) weighs little, a word
 * in one name (港口) much. Counting needs a pass over the station's items, so the counts are kept
 * in this process for a minute: a question whose words were asked recently costs no count.
 */
export class WordRarity {
  private readonly holders = new Map<string, Entry>();
  private readonly totals = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  async of(tx: Tx, station: string, words: readonly string[]): Promise<number[]> {
    if (words.length === 0) return [];
    const at = this.now();
    const fresh = (e: Entry | undefined): e is Entry => !!e && at - e.at < TTL_MS;
    const key = (w: string) => `${station}\u0000${w}`;
    const missing = [...new Set(words.filter((w) => !fresh(this.holders.get(key(w)))))];
    if (missing.length > 0 || !fresh(this.totals.get(station))) {
      if (this.holders.size > MAX_ENTRIES) this.holders.clear();
      const [row] = await tx
        .select({
          total: sql<number>`count(*)::int`.mapWith(Number),
          ...Object.fromEntries(
            missing.map((w, i) => [
              `w${i}`,
              sql<number>`count(*) filter (where ${items.search} @@ ${nameTerm(w)}::tsquery)::int`.mapWith(
                Number,
              ),
            ]),
          ),
        })
        .from(items)
        .where(eq(items.station, station));
      const counts = row as Record<string, number> | undefined;
      this.totals.set(station, { count: counts?.total ?? 0, at });
      missing.forEach((w, i) => this.holders.set(key(w), { count: counts?.[`w${i}`] ?? 0, at }));
    }
    const total = this.totals.get(station)!.count;
    return words.map((w) => Math.log(1 + total / (1 + this.holders.get(key(w))!.count)));
  }
}

/** The word in an item's name or a sub-item's name (weights A and B), as ranking matches it. */
export const nameTerm = (word: string) =>
  tsqueryTerm(word, { prefix: [...word].length > 1, weights: ['A', 'B'] });
