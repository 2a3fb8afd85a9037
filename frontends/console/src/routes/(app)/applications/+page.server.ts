import type { Queue, WorklistQuery } from '@hall/web/server';
import { isQueue, queueTabs } from '$lib/applications';
import { dueStatus, loadFromWorklist, requireCaseworker } from '$lib/server/applications';
import { shanghaiDateTime, shanghaiDayBound } from '$lib/time';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

interface Filter {
  queue: Queue;
  q: string;
  serial: string;
  applicant: string;
  from: string;
  to: string;
  overdue: string;
}

/** The filters as a query string (tabs and paging links keep them). */
function filterQuery(filter: Filter, extra: Partial<Filter> & { page?: number } = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filter, ...extra }))
    if (value && !(key === 'queue' && value === 'all') && !(key === 'page' && value === 1))
      params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * 办件工作台: the station's applications by queue (待预审, 待受理, 补正中, 待办结, 全部) with the
 * count of each, overdue first, searched by 申办流水号, 申请人, keyword and 提交日期 (a GET form: it
 * works without JavaScript and can be bookmarked), 20 to a page.
 */
export const load: PageServerLoad = async (event) => {
  const { station } = requireCaseworker(event);
  const params = event.url.searchParams;
  const text = (name: string, max: number) => (params.get(name) ?? '').trim().slice(0, max);
  const queue = text('queue', 20);
  const filter: Filter = {
    queue: isQueue(queue) ? queue : 'all',
    q: text('q', 50),
    serial: text('serial', 40),
    applicant: text('applicant', 100),
    from: text('from', 10),
    to: text('to', 10),
    overdue: params.get('overdue') === 'true' ? 'true' : '',
  };
  const errors: Record<string, string> = {};
  const query: WorklistQuery = { queue: filter.queue, pageSize: PAGE_SIZE };
  query.page = Math.max(1, Math.min(10_000, Number.parseInt(text('page', 6), 10) || 1));
  if (filter.q) query.q = filter.q;
  if (filter.serial) query.serial = filter.serial;
  if (filter.applicant) query.applicant = filter.applicant;
  if (filter.overdue) query.overdue = true;
  for (const bound of ['from', 'to'] as const) {
    if (!filter[bound]) continue;
    if (shanghaiDayBound(filter[bound], 'start')) query[bound] = filter[bound];
    else errors[bound] = '请填写正确的日期，例如 2026-12-01';
  }
  if (query.from && query.to && query.from > query.to) {
    errors.to = '结束日期不能早于开始日期';
    delete query.to;
  }

  const result = await loadFromWorklist(event, (api, ctx) => api.worklist(station, query, ctx));
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  const now = new Date();
  return {
    filter,
    errors,
    tabs: queueTabs.map((tab) => ({
      ...tab,
      count: result.counts[tab.value],
      href: `/applications${filterQuery(filter, { queue: tab.value })}`,
      current: tab.value === filter.queue,
    })),
    queueLabel: queueTabs.find((t) => t.value === filter.queue)!.label,
    items: result.items.map((item) => ({
      id: item.id,
      serial: item.serial,
      itemName: item.itemName,
      departmentName: item.departmentName,
      applicantName: item.applicantName ?? '—',
      applicantKind: item.applicantKind === 'unit' ? '单位' : '个人',
      idNumberMasked: item.idNumberMasked,
      stateLabel: item.stateLabel,
      submittedDate: item.submittedAt ? shanghaiDateTime(item.submittedAt).slice(0, 10) : '—',
      submittedTime: item.submittedAt ? shanghaiDateTime(item.submittedAt).slice(11, 16) : '',
      due: item.currentDueAt ? shanghaiDateTime(item.currentDueAt).slice(0, 10) : null,
      dueStatus: dueStatus(item.currentDueAt, item.overdue, now),
      overdue: item.overdue,
    })),
    total: result.total,
    overdueCount: result.overdueCount,
    page: result.page,
    pages,
    prevHref: result.page > 1 ? filterQuery(filter, { page: result.page - 1 }) || '?' : null,
    nextHref: result.page < pages ? filterQuery(filter, { page: result.page + 1 }) : null,
    filtered: Boolean(
      filter.q || filter.serial || filter.applicant || filter.from || filter.to || filter.overdue,
    ),
    clearHref: `/applications${filterQuery({ ...filter, q: '', serial: '', applicant: '', from: '', to: '', overdue: '' })}`,
  };
};
