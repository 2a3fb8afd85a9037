import {
  deskListQuery,
  listPaging,
  loadFromPublicity,
  readListQuery,
  requirePublisher,
} from '$lib/server/publicity';
import { shanghaiDateTime } from '$lib/time';
import type { PageServerLoad } from './$types';

/**
 * 通知公告: every notice of the station (drafts too), latest change first, with a status filter
 * and a keyword (a GET form, so it works without JavaScript and can be bookmarked); 20 a page.
 */
export const load: PageServerLoad = async (event) => {
  const { station } = requirePublisher(event);
  const query = readListQuery(event.url);
  const list = await loadFromPublicity(event, (api, ctx) =>
    api.notices(station, deskListQuery(query), ctx),
  );
  return {
    ...listPaging('/notices', query, list),
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
  };
};
