import { queryTerms, toTsquery, weightedVector, words } from '@hall/platform/search';

// The catalog's document vector and query; the words, quoting and query terms are the hall's
// shared Chinese search (@hall/platform/search, ADR 7). Every station's items share one GIN
// index, so their words are the station's own (`cq:教师`, ADR 17): a search reads the postings
// of its station's items only.

export interface SearchSources {
  station: string;
  name: string;
  implCode: string;
  basicCode: string;
  departmentName: string;
  subItemNames: string[];
}

/**
 * The tsvector literal of an item: its name and codes weigh A, its sub-items' names B, its
 * department's name C (ts_rank ranks a match in the name above one in the department).
 */
export function searchVector(source: SearchSources): string {
  return weightedVector(
    [
      [[...words(source.name), source.implCode.toLowerCase(), source.basicCode.toLowerCase()], 'A'],
      [source.subItemNames.flatMap(words), 'B'],
      [words(source.departmentName), 'C'],
    ],
    { scope: source.station },
  );
}

/** The tsquery literal of a keyword search in the station's 权力清单; null when no word is left. */
export const searchQuery = (station: string, q: string): string | null =>
  toTsquery(q, { scope: station });

/** The (station-scoped) terms of a keyword search, each to match a word's start. */
export const searchTerms = (station: string, q: string): string[] =>
  queryTerms(q, { scope: station });
