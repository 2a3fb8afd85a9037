import { loadFromPublicity, requirePublisher } from '$lib/server/publicity';
import { shanghaiDateTime } from '$lib/time';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

const statusOptions = [
  { value: 'draft', label: '草稿' },
  { value: 'published', label: '已发布' },
];

/**
 * 办件公示: every entry of the station (drafts too), latest change first, with a status filter
 * and a keyword (a GET form); 20 a page.
 */
export const load: PageServerLoad = async (event) => {
  const { station } = requirePublisher(event);
  const params = event.url.searchParams;
  const rawStatus = params.get('status') ?? '';
  const status = rawStatus === 'draft' || rawStatus === 'published' ? rawStatus : '';
  const q = (params.get('q') ?? '').trim().slice(0, 50);
  const page = Math.max(1, Math.min(10_000, Number.parseInt(params.get('page') ?? '', 10) || 1));
  const list = await loadFromPublicity(event, (api, ctx) =>
    api.entries(station, { status: status || undefined, q, page, pageSize: PAGE_SIZE }, ctx),
  );
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const href = (p: number) => {
    const query = new URLSearchParams();
    if (status) query.set('status', status);
    if (q) query.set('q', q);
    if (p > 1) query.set('page', String(p));
    const text = query.toString();
    return text ? `/publicity?${text}` : '/publicity';
  };
  return {
    filter: { status, q },
    filtered: Boolean(status || q),
    statusOptions,
    items: list.items.map((e) => ({
      id: e.id,
      title: e.title,
      itemName: e.itemName,
      departmentName: e.departmentName,
      period: `${e.periodStart} 至 ${e.periodEnd}`,
      periodLabel: e.periodLabel,
      periodState: e.periodState,
      published: e.status === 'published',
      statusLabel: e.statusLabel,
      updatedAt: shanghaiDateTime(e.updatedAt),
    })),
    total: list.total,
    page: list.page,
    pages,
    prevHref: list.page > 1 ? href(list.page - 1) : null,
    nextHref: list.page < pages ? href(list.page + 1) : null,
  };
};
