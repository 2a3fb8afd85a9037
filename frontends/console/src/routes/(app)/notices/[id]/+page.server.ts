import { previewBody, requirePublisher } from '$lib/server/publicity';
import { consoleFilePath, sizeText } from '$lib/publicity';
import { shanghaiDateTime } from '$lib/time';
import { actOnNotice } from '../notice-actions.server';
import { loadNotice } from '../notice.server';
import type { Actions, PageServerLoad } from './$types';

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

export const actions: Actions = {
  publish: (event) => actOnNotice(event, 'publish'),
  unpublish: (event) => actOnNotice(event, 'unpublish'),
  pin: (event) => actOnNotice(event, 'pin'),
  unpin: (event) => actOnNotice(event, 'unpin'),
};
