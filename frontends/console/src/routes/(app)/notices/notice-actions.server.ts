/** 发布, 撤回, 置顶 and 取消置顶 of a notice: one button each, on the revision shown. */
import type { DeskNoticeAction } from '@hall/web/server';
import { fail, redirect, type Cookies } from '@sveltejs/kit';
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

type Event = Parameters<typeof callContext>[0] & {
  url: URL;
  locals: App.Locals;
  request: Request;
  cookies: Cookies;
  params: { id: string };
};

const done: Record<DeskNoticeAction, string> = {
  publish: '已发布，公众现在可以看到该公告',
  unpublish: '已撤回，公众不再看到该公告',
  pin: '已置顶',
  unpin: '已取消置顶',
};

export async function actOnNotice(event: Event, action: DeskNoticeAction) {
  const { station } = requirePublisher(event);
  const id = requireId(event.params.id);
  const revision = postedRevision(await event.request.formData());
  try {
    await publicityDesk().actOnNotice(station, id, action, revision ?? 0, callContext(event));
  } catch (err) {
    if (isEditConflict(err)) return fail(409, { message: ACTION_CONFLICT_MESSAGE });
    const { status, data } = consoleFormFailure(err, {}, [], event.url.pathname);
    return fail(status, { message: data.message });
  }
  setFlash(event, `操作成功：${done[action]}`);
  redirect(303, `/notices/${id}`);
}
