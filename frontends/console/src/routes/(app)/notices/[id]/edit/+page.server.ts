import { keptFile, requireId, requirePublisher } from '$lib/server/publicity';
import { loadNotice } from '../../notice.server';
import { submitNotice } from '../../notice-form.server';
import type { NoticeFormValues } from '../../notice-form';
import type { Actions, PageServerLoad } from './$types';

/** The text alternative an image has in the stored body (its file name is not kept). */
function altOf(body: string, id: string): string {
  const tag = new RegExp(`<img[^>]*${id}[^>]*>`, 'i').exec(body)?.[0] ?? '';
  const alt = /alt="([^"]*)"/.exec(tag)?.[1];
  return alt?.trim() || '图片';
}

/** 编辑公告: the stored (sanitised) body to edit; a published notice's save is public at once. */
export const load: PageServerLoad = async (event) => {
  const { station } = requirePublisher(event);
  const notice = await loadNotice(event, station);
  const initial: NoticeFormValues = {
    title: notice.title,
    body: notice.body,
    attachments: notice.attachments.map(keptFile),
    images: notice.imageIds.map((id) => ({ id, fileName: altOf(notice.body, id), size: 0 })),
    revision: String(notice.revision),
  };
  return {
    station,
    notice: { id: notice.id, title: notice.title, published: notice.status === 'published' },
    initial,
  };
};

export const actions: Actions = {
  default: (event) => submitNotice(event, requireId(event.params.id)),
};
