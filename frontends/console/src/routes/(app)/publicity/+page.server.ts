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
 * 办件公示: every entry of the station (drafts too), latest change first, with a status filter
 * and a keyword (a GET form); 20 a page.
 */
export const load: PageServerLoad = async (event) => {
  const { station } = requirePublisher(event);
  const query = readListQuery(event.url);
  const list = await loadFromPublicity(event, (api, ctx) =>
    api.entries(station, deskListQuery(query), ctx),
  );
  return {
    ...listPaging('/publicity', query, list),
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
  };
};
