import { error } from '@sveltejs/kit';
import { actOnRevision, requirePublisher } from '$lib/server/publicity';
import { loadEntry } from '../../entry.server';
import type { Actions, PageServerLoad } from './$types';

/** 删除公示: a confirmation page (not a pop-up); a published entry is withdrawn first. */
export const load: PageServerLoad = async (event) => {
  const { station } = requirePublisher(event);
  const entry = await loadEntry(event, station);
  if (entry.status === 'published') error(409, '已发布的公示须先撤回才能删除');
  return { entry: { id: entry.id, title: entry.title, revision: entry.revision } };
};

export const actions: Actions = {
  default: (event) =>
    actOnRevision(
      event,
      (api, station, id, revision, ctx) => api.deleteEntry(station, id, revision, ctx),
      { flash: '操作成功：已删除公示', next: () => '/publicity' },
    ),
};
