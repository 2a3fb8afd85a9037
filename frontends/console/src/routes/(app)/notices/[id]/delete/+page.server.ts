import { error, fail, redirect } from '@sveltejs/kit';
import { consoleFormFailure, setFlash } from '$lib/server/forms';
import {
  ACTION_CONFLICT_MESSAGE,
  isEditConflict,
  postedRevision,
  publicityDesk,
  requireId,
  requirePublisher,
} from '$lib/server/publicity';
import { callContext } from '$lib/server/services';
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
  default: async (event) => {
    const { station } = requirePublisher(event);
    const id = requireId(event.params.id);
    const revision = postedRevision(await event.request.formData());
    try {
      await publicityDesk().deleteNotice(station, id, revision ?? 0, callContext(event));
    } catch (err) {
      if (isEditConflict(err)) return fail(409, { message: ACTION_CONFLICT_MESSAGE });
      const { status, data } = consoleFormFailure(err, {}, [], event.url.pathname);
      return fail(status, { message: data.message });
    }
    setFlash(event, '操作成功：已删除公告');
    redirect(303, '/notices');
  },
};
