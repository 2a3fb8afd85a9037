import { loadFromLetters, requireLettersStaff } from '$lib/server/letters';
import { shanghaiDateTime } from '$lib/time';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

/**
 * 常见问题: the station's FAQs published from letters (a department's staff: their department's),
 * 已发布 or 已撤回 with the count of each, last changed first, each with 修改 and (while
 * published) 撤回. 20 a page.
 */
export const load: PageServerLoad = async (event) => {
  const { station } = requireLettersStaff(event);
  const params = event.url.searchParams;
  const state = params.get('state') === 'withdrawn' ? 'withdrawn' : 'published';
  const page = Math.max(1, Math.min(10_000, Number.parseInt(params.get('page') ?? '', 10) || 1));
  const [list, published, withdrawn] = await loadFromLetters(event, (api, ctx) =>
    Promise.all([
      api.faqs(station, { state, page, pageSize: PAGE_SIZE }, ctx),
      api.faqs(station, { state: 'published', pageSize: 1 }, ctx),
      api.faqs(station, { state: 'withdrawn', pageSize: 1 }, ctx),
    ]),
  );
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const href = (p: number) =>
    `/faqs?${new URLSearchParams({ state, ...(p > 1 ? { page: String(p) } : {}) })}`;
  return {
    state,
    counts: { published: published.total, withdrawn: withdrawn.total },
    items: list.items.map((faq) => ({
      id: faq.id,
      question: faq.question,
      departmentName: faq.departmentName ?? '—',
      published: faq.state === 'published',
      publishedAt: shanghaiDateTime(faq.publishedAt),
      withdrawnAt: faq.withdrawnAt ? shanghaiDateTime(faq.withdrawnAt) : null,
      letterHref: `/letters/${faq.letterId}`,
    })),
    total: list.total,
    page: list.page,
    pages,
    prevHref: list.page > 1 ? href(list.page - 1) : null,
    nextHref: list.page < pages ? href(list.page + 1) : null,
  };
};
