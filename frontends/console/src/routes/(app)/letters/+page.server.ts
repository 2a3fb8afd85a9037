import type { StaffLetterQuery } from '@hall/web/server';
import { kindOptions, stateOptions } from '$lib/letters';
import { dueStatus } from '$lib/server/applications';
import { loadFromLetters, requireLettersStaff, stationDepartments } from '$lib/server/letters';
import { shanghaiDateTime } from '$lib/time';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

interface Filter {
  kind: string;
  state: string;
  departmentId: string;
  overdue: string;
  q: string;
}

const EMPTY: Filter = { kind: '', state: '', departmentId: '', overdue: '', q: '' };

/** The filters as a query string (paging links keep them). */
function filterQuery(filter: Filter, page = 1): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Letters that no longer wait for an answer: their due date is history, not a time left. */
const answered = new Set(['replied', 'closed', 'out_of_scope']);

/**
 * 信件办理: the station's letters (a department's staff: their department's, the service decides)
 * by due date, open ones first, filtered by 类型, 状态, 部门, 仅显示超期 and a keyword matching the
 * 受理编码 or the 主题 (a GET form: it works without JavaScript and can be bookmarked), 20 a page.
 */
export const load: PageServerLoad = async (event) => {
  const { station } = requireLettersStaff(event);
  const params = event.url.searchParams;
  const text = (name: string, max: number) => (params.get(name) ?? '').trim().slice(0, max);
  const known = (value: string, options: ReadonlyArray<{ value: string }>) =>
    options.some((o) => o.value === value) ? value : '';
  const departmentsAnswer = await stationDepartments(station).catch(() => null);
  const departments = departmentsAnswer ?? [];
  const filter: Filter = {
    kind: known(text('kind', 20), kindOptions),
    state: known(text('state', 20), stateOptions),
    departmentId: known(text('departmentId', 40), departments),
    overdue: params.get('overdue') === 'true' ? 'true' : '',
    q: text('q', 50),
  };
  const query: StaffLetterQuery = {
    pageSize: PAGE_SIZE,
    page: Math.max(1, Math.min(10_000, Number.parseInt(text('page', 6), 10) || 1)),
  };
  if (filter.kind) query.kind = filter.kind as StaffLetterQuery['kind'];
  if (filter.state) query.state = filter.state as StaffLetterQuery['state'];
  if (filter.departmentId) query.departmentId = filter.departmentId;
  if (filter.overdue) query.overdue = true;
  if (filter.q) query.q = filter.q;

  const result = await loadFromLetters(event, (api, ctx) => api.letters(station, query, ctx));
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  const now = new Date();
  return {
    filter,
    kindOptions,
    stateOptions,
    departments,
    departmentsUnavailable: departmentsAnswer === null,
    items: result.items.map((letter) => {
      const received = shanghaiDateTime(letter.receivedAt);
      return {
        id: letter.id,
        code: letter.code,
        kindLabel: letter.kindLabel,
        subject: letter.subject,
        departmentName: letter.departmentName ?? '未指定部门',
        stateLabel: letter.stateLabel,
        receivedDate: received.slice(0, 10),
        receivedTime: received.slice(11, 16),
        due: shanghaiDateTime(letter.dueAt).slice(0, 10),
        dueStatus: answered.has(letter.state) ? null : dueStatus(letter.dueAt, letter.overdue, now),
        overdue: letter.overdue,
      };
    }),
    total: result.total,
    page: result.page,
    pages,
    prevHref: result.page > 1 ? filterQuery(filter, result.page - 1) || '?' : null,
    nextHref: result.page < pages ? filterQuery(filter, result.page + 1) : null,
    filtered: Object.values(filter).some(Boolean),
    clearHref: `/letters${filterQuery(EMPTY)}`,
  };
};
