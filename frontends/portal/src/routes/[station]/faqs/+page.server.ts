import { MAX_KEYWORD } from '$lib/catalog/filters';
import { fromLetters, letters } from '$lib/server/letters';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 10;

/** 常见问题: the station's published FAQs, by keyword (a GET form), paged. */
export const load: PageServerLoad = async ({ params, url }) => {
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, MAX_KEYWORD);
  const page = Math.max(1, Math.floor(Number(url.searchParams.get('page'))) || 1);
  const faqs = await fromLetters(
    letters().faqs(params.station, { q: q || undefined, page, pageSize: PAGE_SIZE }),
  );
  return { q, faqs };
};
