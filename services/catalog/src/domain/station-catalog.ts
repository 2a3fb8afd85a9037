import { type Tx } from '@hall/platform';
import { and, asc, sql } from 'drizzle-orm';
import { items } from '../db/schema';
import {
  listed,
  listedColumns,
  listedItems,
  stationDepartments,
  subItemsOf,
  type BrowseFilters,
  type ItemPage,
  type ListedParent,
} from './browse';
import { powerTypes } from './power-types';
import { searchTerms } from './search';
import { parseTsvector, rankQuery, tsRank, type Lexeme } from './ts-rank';

// A station's public 权力清单 in memory (ADR 18): a few thousand items at most, read all day and
// changed a few times a day, so every list, filter, count and keyword search of it is answered
// without PostgreSQL — the same answers as `listItems` (browse.ts), which a test checks on the
// seed. The catalog's cache of station catalogs keeps it until the station's next change.

interface Entry {
  item: ListedParent;
  departmentId: string;
  powerType: string;
  online: boolean;
  serviceObjects: string[];
  vector: Lexeme[];
}

export class StationCatalog {
  readonly #station: string;
  /** Listed items of enabled departments, in the list's order (sort order, name, id). */
  readonly #entries: Entry[];
  /** Enabled departments in their order. */
  readonly #departments: { id: string; name: string }[];
  /** Every word of the station's items, sorted, with the entries that have it (ascending). */
  readonly #words: string[];
  readonly #postings: number[][];

  constructor(
    station: string,
    entries: Entry[],
    enabledDepartments: { id: string; name: string }[],
  ) {
    this.#station = station;
    this.#entries = entries;
    this.#departments = enabledDepartments.map((d) => ({ id: d.id, name: d.name }));
    const postings = new Map<string, number[]>();
    entries.forEach((e, i) => {
      for (const lexeme of e.vector) {
        const list = postings.get(lexeme.text);
        if (list) list.push(i);
        else postings.set(lexeme.text, [i]);
      }
    });
    // One string per word, however many items have it.
    const words = new Map([...postings.keys()].map((w) => [w, w]));
    for (const e of entries) for (const lexeme of e.vector) lexeme.text = words.get(lexeme.text)!;
    this.#words = [...postings.keys()].sort();
    this.#postings = this.#words.map((w) => postings.get(w)!);
  }

  /** Entries with a word starting with `term`, ascending: the sorted words' range of the prefix. */
  #withPrefix(term: string): number[] {
    let low = 0;
    let high = this.#words.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.#words[mid]! < term) low = mid + 1;
      else high = mid;
    }
    const found = new Set<number>();
    for (let i = low; i < this.#words.length && this.#words[i]!.startsWith(term); i++)
      for (const entry of this.#postings[i]!) found.add(entry);
    return [...found].sort((a, b) => a - b);
  }

  /** Entries matching every term (`search @@ 'a':* & 'b':*`), ascending. */
  #matching(terms: string[]): number[] {
    const lists = terms.map((term) => this.#withPrefix(term)).sort((a, b) => a.length - b.length);
    const others = lists.slice(1).map((l) => new Set(l));
    return lists[0]!.filter((i) => others.every((set) => set.has(i)));
  }

  /** A page of the 权力清单 with its facet counts, as `listItems` gives it. */
  list(filters: BrowseFilters, paging: { page: number; pageSize: number }): ItemPage {
    const terms = filters.q ? searchTerms(this.#station, filters.q) : [];
    const candidates =
      terms.length > 0 ? this.#matching(terms).map((i) => this.#entries[i]!) : this.#entries;
    const perDepartment = new Map<string, number>();
    const perType = new Map<string, number>();
    let chosen: Entry[] = [];
    for (const e of candidates) {
      if (filters.serviceObject && !e.serviceObjects.includes(filters.serviceObject)) continue;
      if (filters.online && !e.online) continue;
      const inDepartment = !filters.department || e.departmentId === filters.department;
      const ofType = !filters.powerType || e.powerType === filters.powerType;
      if (ofType) perDepartment.set(e.departmentId, (perDepartment.get(e.departmentId) ?? 0) + 1);
      if (inDepartment) perType.set(e.powerType, (perType.get(e.powerType) ?? 0) + 1);
      if (inDepartment && ofType) chosen.push(e);
    }
    if (terms.length > 0) {
      // Best match first; among equals the list's order (the sort is stable).
      const query = rankQuery(terms);
      chosen = chosen
        .map((e) => ({ e, rank: tsRank(e.vector, query) }))
        .sort((a, b) => b.rank - a.rank)
        .map((r) => r.e);
    }
    const start = (paging.page - 1) * paging.pageSize;
    return {
      items: chosen.slice(start, start + paging.pageSize).map((e) => e.item),
      total: filters.department
        ? (perDepartment.get(filters.department) ?? 0)
        : [...perDepartment.values()].reduce((n, count) => n + count, 0),
      page: paging.page,
      pageSize: paging.pageSize,
      countsByPowerType: powerTypes.map((p) => ({
        code: p.code,
        name: p.name,
        count: perType.get(p.code) ?? 0,
      })),
      countsByDepartment: this.#departments
        .filter((d) => (perDepartment.get(d.id) ?? 0) > 0)
        .map((d) => ({ id: d.id, name: d.name, count: perDepartment.get(d.id)! })),
    };
  }
}

/** Reads a station's listed items and their sub-items (404 for an unknown or disabled station). */
export async function loadStationCatalog(tx: Tx, station: string): Promise<StationCatalog> {
  const { departmentName: _name, ...columns } = listedColumns;
  const [departmentList, heads, subItems] = await Promise.all([
    stationDepartments(tx, station),
    tx
      .select({ ...columns, search: sql<string>`${items.search}::text` })
      .from(items)
      .where(and(...listedItems(station)))
      .orderBy(asc(items.sortOrder), asc(items.name), asc(items.id)),
    subItemsOf(tx, station, 'all'),
  ]);
  const enabled = departmentList.filter((d) => d.enabled);
  const names = new Map(enabled.map((d) => [d.id, d.name]));
  const entries: Entry[] = [];
  for (const { search, ...head } of heads) {
    const departmentName = names.get(head.departmentId);
    if (departmentName === undefined) continue;
    entries.push({
      item: { ...listed({ ...head, departmentName }), subItems: subItems.get(head.id) ?? [] },
      departmentId: head.departmentId,
      powerType: head.powerType,
      online: head.online,
      serviceObjects: head.serviceObjects,
      vector: parseTsvector(search),
    });
  }
  return new StationCatalog(station, entries, enabled);
}
