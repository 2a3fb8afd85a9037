import { error } from '@sveltejs/kit';
import { formErrorsOf, ProblemError } from '@hall/web';
import type { PublicAnnouncementPage } from '@hall/web/server';
import { looksLikeId, MAX_KEYWORD } from '$lib/catalog/filters';
import { optional, publicity, UNAVAILABLE } from '$lib/server/publicity';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;
/** The inputs of the filter form, where the service's field errors are shown. */
const FILTER_FIELDS = ['department', 'from', 'to', 'q'] as const;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a date input's value is what the service takes: YYYY-MM-DD of a real day. */
function isDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

export interface AnnouncementFilters {
  department: string;
  from: string;
  to: string;
  q: string;
  page: number;
}

function readFilters(url: URL): AnnouncementFilters {
  const params = url.searchParams;
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  return {
    department: (params.get('department') ?? '').trim(),
    from: (params.get('from') ?? '').trim(),
    to: (params.get('to') ?? '').trim(),
    q: (params.get('q') ?? '').trim().slice(0, MAX_KEYWORD),
    page: Number.isSafeInteger(page) && page > 0 ? page : 1,
  };
}

/**
 * 办件公告 (manual 6.1): every application of the station, filtered by 受理部门, 受理日期 (from /
 * to) and 关键字 (事项名称 or the start of a 申办流水号) through a GET form, paged. A filter the
 * service refuses (a range that ends before it starts, a page beyond the first 10,000 rows) is
 * said at its input, with what was typed kept.
 */
export const load: PageServerLoad = async ({ params, url }) => {
  const station = params.station;
  const filters = readFilters(url);
  const departmentsCall = optional(publicity().announcementDepartments(station));

  const fields: Record<string, string> = {};
  if (filters.department && !looksLikeId(filters.department)) fields.department = '请选择受理部门';
  if (filters.from && !isDay(filters.from)) fields.from = '请填写正确的日期，如 2026-01-31';
  if (filters.to && !isDay(filters.to)) fields.to = '请填写正确的日期，如 2026-01-31';

  let list: PublicAnnouncementPage | null = null;
  let message: string | null = null;
  if (Object.keys(fields).length) {
    message = '筛选条件有误，请修改后重新查询';
  } else {
    try {
      list = await publicity().announcements(station, {
        department: filters.department || undefined,
        from: filters.from || undefined,
        to: filters.to || undefined,
        q: filters.q || undefined,
        page: filters.page,
        pageSize: PAGE_SIZE,
      });
    } catch (err) {
      if (!(err instanceof ProblemError)) throw err;
      if (err.status === 404) error(404, '站点不存在或已停用');
      if (err.status !== 400) error(503, UNAVAILABLE);
      const said = formErrorsOf(err.problem, FILTER_FIELDS);
      Object.assign(fields, said.fields);
      // A page too deep is no input's fault: it is said in the summary above the form.
      const lines = Object.keys(said.fields).length
        ? ['筛选条件有误，请修改后重新查询', ...said.unplaced]
        : said.unplaced;
      message = lines.length ? lines.join('；') : said.message;
    }
  }

  const departments = await departmentsCall;
  return {
    filters,
    list,
    errors: message ? { message, fields } : null,
    departments: departments.ok ? departments.value : [],
  };
};
