import { MAX_KEYWORD } from '$lib/catalog/filters';
import { readPage } from '$lib/server/paging';
import { fromPublicity, publicity } from '$lib/server/publicity';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 10;

/** 办件公示 (manual 6.4): entries whose 公示期 has begun, by keyword (a GET form), paged. */
export const load: PageServerLoad = async ({ params, url }) => {
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, MAX_KEYWORD);
  const page = readPage(url, PAGE_SIZE);
  const entries = await fromPublicity(
    publicity().entries(params.station, { q: q || undefined, page, pageSize: PAGE_SIZE }),
    '站点不存在或已停用',
  );
  return { q, entries };
};
