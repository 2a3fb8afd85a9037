import { weightedVector, words } from '@hall/platform/search';

// The catalog's document vector; the words, quoting and query terms are the hall's shared Chinese
// search (@hall/platform/search, ADR 7).

export interface SearchSources {
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
  return weightedVector([
    [[...words(source.name), source.implCode.toLowerCase(), source.basicCode.toLowerCase()], 'A'],
    [source.subItemNames.flatMap(words), 'B'],
    [words(source.departmentName), 'C'],
  ]);
}
