import { loadFromPublicity, requirePublisher } from '$lib/server/publicity';
import { shanghaiDateTime } from '$lib/time';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

const statusOptions = [
  { value: 'draft', label: '草稿' },
  { value: 'published', label: '已发布' },
];

/**
 * 通知公告: every notice of the station (drafts too), latest change first, with a status filter
 * and a keyword (a GET form, so it works without JavaScript and can be bookmarked); 20 a page.
 */
export const load: PageServerLoad = async (event) => {
  const { station } = requirePublisher(event);
  const params = event.url.searchParams;
  const rawStatus = params.get('status') ?? '';
  const status = rawStatus === 'draft' || rawStatus === 'published' ? rawStatus : '';
  const q = (params.get('q') ?? '').trim().slice(0, 50);
  const page = Math.max(1, Math.min(10_000, Number.parseInt(params.get('page') ?? '', 10) || 1));
  const list = await loadFromPublicity(event, (api, ctx) =>
    api.notices(station, { status: status || undefined, q, page, pageSize: PAGE_SIZE }, ctx),
  );
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const href = (p: number) => {
    const query = new URLSearchParams();
    if (status) query.set('status', status);
    if (q) query.set('q', q);
    if (p > 1) query.set('page', String(p));
    const text = query.toString();
    return text ? `/notices?${text}` : '/notices';
  };
  return {
    filter: { status, q },
    filtered: Boolean(status || q),
    statusOptions,
    items: list.items.map((n) => ({
      id: n.id,
      title: n.title,
      excerpt: n.excerpt,
      published: n.status === 'published',
      statusLabel: n.statusLabel,
      pinned: n.pinned,
      attachmentCount: n.attachmentCount,
      updatedAt: shanghaiDateTime(n.updatedAt),
      publishedAt: n.publishedAt ? shanghaiDateTime(n.publishedAt) : null,
    })),
    total: list.total,
    page: list.page,
    pages,
    prevHref: list.page > 1 ? href(list.page - 1) : null,
    nextHref: list.page < pages ? href(list.page + 1) : null,
  };
};
