import type { DeskNoticeAction } from '@hall/web/server';
import { actOnRevision, previewBody, requirePublisher } from '$lib/server/publicity';
import { consoleFilePath, sizeText } from '$lib/publicity';
import { shanghaiDateTime } from '$lib/time';
import { loadNotice } from '../notice.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/**
 * 公告详情: status, 发布 / 撤回 / 置顶 / 取消置顶, and the body as stored — sanitised, exactly
 * what the public is shown — with its images and attachments.
 */
export const load: PageServerLoad = async (event) => {
  const { station } = requirePublisher(event);
  const notice = await loadNotice(event, station);
  return {
    notice: {
      id: notice.id,
      title: notice.title,
      published: notice.status === 'published',
      statusLabel: notice.statusLabel,
      pinned: notice.pinned,
      revision: notice.revision,
      createdAt: shanghaiDateTime(notice.createdAt),
      updatedAt: shanghaiDateTime(notice.updatedAt),
      publishedAt: notice.publishedAt ? shanghaiDateTime(notice.publishedAt) : null,
      body: previewBody(notice.body, station),
      attachments: notice.attachments.map((a) => ({
        id: a.id,
        fileName: a.fileName,
        size: sizeText(a.size),
        href: consoleFilePath(a.id),
      })),
    },
  };
};

const done: Record<DeskNoticeAction, string> = {
  publish: '已发布，公众现在可以看到该公告',
  unpublish: '已撤回，公众不再看到该公告',
  pin: '已置顶',
  unpin: '已取消置顶',
};

/** 发布, 撤回, 置顶 and 取消置顶: one button each, on the revision shown. */
const act = (event: RequestEvent, action: DeskNoticeAction) =>
  actOnRevision(
    event,
    (api, station, id, revision, ctx) => api.actOnNotice(station, id, action, revision, ctx),
    { flash: `操作成功：${done[action]}`, next: (id) => `/notices/${id}` },
  );

export const actions: Actions = {
  publish: (event) => act(event, 'publish'),
  unpublish: (event) => act(event, 'unpublish'),
  pin: (event) => act(event, 'pin'),
  unpin: (event) => act(event, 'unpin'),
};
