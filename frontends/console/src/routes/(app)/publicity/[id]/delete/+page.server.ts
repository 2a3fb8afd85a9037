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
  default: async (event) => {
    const { station } = requirePublisher(event);
    const id = requireId(event.params.id);
    const revision = postedRevision(await event.request.formData());
    try {
      await publicityDesk().deleteEntry(station, id, revision ?? 0, callContext(event));
    } catch (err) {
      if (isEditConflict(err)) return fail(409, { message: ACTION_CONFLICT_MESSAGE });
      const { status, data } = consoleFormFailure(err, {}, [], event.url.pathname);
      return fail(status, { message: data.message });
    }
    setFlash(event, '操作成功：已删除公示');
    redirect(303, '/publicity');
  },
};
