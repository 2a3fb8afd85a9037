/**
 * The page number of a paged public list from `?page=`: anything that is not a page is page 1,
 * and no page lies beyond the 10,000 rows the publicity service lets anyone page through.
 */
const DEEPEST_ROW = 10_000;

export function readPage(url: URL, pageSize: number): number {
  const page = Number.parseInt(url.searchParams.get('page') ?? '1', 10);
  if (!Number.isSafeInteger(page) || page < 1) return 1;
  return Math.min(page, Math.floor(DEEPEST_ROW / pageSize));
}
