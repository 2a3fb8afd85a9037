import type { DeskEntryAction } from '@hall/web/server';
import { actOnRevision, requirePublisher } from '$lib/server/publicity';
import { consoleFilePath, sizeText } from '$lib/publicity';
import { shanghaiDateTime } from '$lib/time';
import { loadEntry } from '../entry.server';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** 公示详情: what the public will see, its 公示期 state, 发布 / 撤回, 编辑 and 删除. */
export const load: PageServerLoad = async (event) => {
  const { station } = requirePublisher(event);
  const entry = await loadEntry(event, station);
  return {
    entry: {
      id: entry.id,
      title: entry.title,
      itemName: entry.itemName,
      departmentName: entry.departmentName,
      summary: entry.summary,
      periodStart: entry.periodStart,
      periodEnd: entry.periodEnd,
      periodState: entry.periodState,
      periodLabel: entry.periodLabel,
      published: entry.status === 'published',
      statusLabel: entry.statusLabel,
      revision: entry.revision,
      publishedAt: entry.publishedAt ? shanghaiDateTime(entry.publishedAt) : null,
      updatedAt: shanghaiDateTime(entry.updatedAt),
      file: entry.file
        ? {
            fileName: entry.file.fileName,
            size: sizeText(entry.file.size),
            href: consoleFilePath(entry.file.id),
          }
        : null,
    },
  };
};

const done: Record<DeskEntryAction, string> = {
  publish: '已发布，公示期开始后公众即可看到',
  unpublish: '已撤回，公众不再看到该公示',
};

const act = (event: RequestEvent, action: DeskEntryAction) =>
  actOnRevision(
    event,
    (api, station, id, revision, ctx) => api.actOnEntry(station, id, action, revision, ctx),
    { flash: `操作成功：${done[action]}`, next: (id) => `/publicity/${id}` },
  );

export const actions: Actions = {
  publish: (event) => act(event, 'publish'),
  unpublish: (event) => act(event, 'unpublish'),
};
