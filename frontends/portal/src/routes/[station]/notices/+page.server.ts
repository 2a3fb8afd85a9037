import { MAX_KEYWORD } from '$lib/catalog/filters';
import { fromPublicity, publicity } from '$lib/server/publicity';
import { readPage } from '$lib/server/paging';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 10;

/** 通知公告 (manual 6.3): published notices, pinned first, by keyword (a GET form), paged. */
export const load: PageServerLoad = async ({ params, url }) => {
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, MAX_KEYWORD);
  const page = readPage(url, PAGE_SIZE);
  const notices = await fromPublicity(
    publicity().notices(params.station, { q: q || undefined, page, pageSize: PAGE_SIZE }),
    '站点不存在或已停用',
  );
  return { q, notices };
};
