import { loadFromCatalog, requireCatalogEditor, type AdminItemQuery } from '$lib/server/catalog';
import { itemStatuses, labelOf, powerTypes } from '../labels';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 20;

/** The filters as a query string (paging links keep them). */
function filterQuery(form: Record<string, string>, page: number): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) if (value) params.set(key, value);
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * 事项管理: every item of the editor's station with its status, filtered by status, department
 * and keyword (a GET form: works without JavaScript and can be bookmarked), 20 to a page.
 */
export const load: PageServerLoad = async (event) => {
  const { station } = requireCatalogEditor(event);
  const params = event.url.searchParams;
  const text = (name: string) => (params.get(name) ?? '').trim();
  const filter = { status: text('status'), department: text('department'), q: text('q') };
  if (!itemStatuses.some((s) => s.value === filter.status)) filter.status = '';
  const page = Math.max(1, Math.min(100_000, Number.parseInt(text('page'), 10) || 1));

  const query: AdminItemQuery = { page, pageSize: PAGE_SIZE };
  if (filter.status) query.status = filter.status as AdminItemQuery['status'];
  if (filter.department) query.department = filter.department;
  if (filter.q) query.q = filter.q.slice(0, 50);

  const [departments, result] = await loadFromCatalog(event, (api, ctx) =>
    Promise.all([api.departments(station, ctx), api.items(station, query, ctx)]),
  );
  if (filter.department && !departments.some((d) => d.id === filter.department))
    filter.department = '';
  const departmentNames = new Map(departments.map((d) => [d.id, d.name]));
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  return {
    filter,
    page: result.page,
    pages,
    total: result.total,
    items: result.items.map((item) => ({
      id: item.id,
      name: item.name,
      implCode: item.implCode,
      department: departmentNames.get(item.departmentId) ?? '—',
      powerType: labelOf(powerTypes, item.powerType),
      status: item.status,
      isSubItem: item.parentId !== null,
      publishedVersion: item.publishedVersion,
      draftVersion: item.draftVersion,
    })),
    departmentOptions: departments.map((d) => ({
      value: d.id,
      label: d.enabled ? d.name : `${d.name}（已停用）`,
    })),
    prevHref: result.page > 1 ? filterQuery(filter, result.page - 1) || '?' : null,
    nextHref: result.page < pages ? filterQuery(filter, result.page + 1) : null,
    filtered: Object.values(filter).some(Boolean),
  };
};
