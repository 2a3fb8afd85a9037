import { error } from '@sveltejs/kit';
import { actOnRevision, requirePublisher } from '$lib/server/publicity';
import { loadNotice } from '../../notice.server';
import type { Actions, PageServerLoad } from './$types';

/** 删除公告: a confirmation page (not a pop-up); a published notice is withdrawn first. */
export const load: PageServerLoad = async (event) => {
  const { station } = requirePublisher(event);
  const notice = await loadNotice(event, station);
  if (notice.status === 'published') error(409, '已发布的公告须先撤回才能删除');
  return {
    notice: {
      id: notice.id,
      title: notice.title,
      revision: notice.revision,
      attachmentCount: notice.attachments.length,
    },
  };
};

export const actions: Actions = {
  default: (event) =>
    actOnRevision(
      event,
      (api, station, id, revision, ctx) => api.deleteNotice(station, id, revision, ctx),
      { flash: '操作成功：已删除公告', next: () => '/notices' },
    ),
};
