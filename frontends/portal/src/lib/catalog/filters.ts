/**
 * The filters of the browsing pages (个人办事, 单位办事, 权力清单, 部门站点) as their GET forms
 * and links put them in the URL, so every filter works without JavaScript and can be bookmarked.
 */
import { powerTypeNames } from './labels';

/** The filters of a browsing page, as its GET form and links put them in the URL. */
export interface BrowseFilters {
  /** The side navigation: 按部门 or 按类别. */
  by: 'department' | 'type';
  department: string;
  powerType: string;
  /** 仅显示可以在线申报事项. */
  online: boolean;
  /** 关键字, trimmed. */
  q: string;
  page: number;
}

export const PAGE_SIZE = 20;
/** Longer keywords are cut: nobody types 50 characters to find an item. */
export const MAX_KEYWORD = 50;

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a path segment can be an id at all (anything else is a 404 without asking). */
export const looksLikeId = (value: string): boolean => ID.test(value);

/** Reads the filters; values that cannot be right (an unknown type, page 0) are dropped. */
export function readFilters(url: URL): BrowseFilters {
  const params = url.searchParams;
  const powerType = params.get('powerType') ?? '';
  const department = params.get('department') ?? '';
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  return {
    by: params.get('by') === 'type' ? 'type' : 'department',
    department: looksLikeId(department) ? department : '',
    powerType: powerType in powerTypeNames ? powerType : '',
    online: params.get('online') === '1',
    q: (params.get('q') ?? '').trim().slice(0, MAX_KEYWORD),
    page: Number.isSafeInteger(page) && page > 0 ? page : 1,
  };
}

/**
 * A link to the same page with some filters changed; empty and default values are left out so
 * the links stay short. Changing anything but the page goes back to page 1.
 */
export function filterHref(
  pathname: string,
  filters: BrowseFilters,
  change: Partial<BrowseFilters>,
): string {
  const next = { ...filters, ...(change.page === undefined ? { page: 1 } : {}), ...change };
  const params = new URLSearchParams();
  if (next.by === 'type') params.set('by', 'type');
  if (next.department) params.set('department', next.department);
  if (next.powerType) params.set('powerType', next.powerType);
  if (next.online) params.set('online', '1');
  if (next.q) params.set('q', next.q);
  if (next.page > 1) params.set('page', String(next.page));
  const query = params.toString();
  return query ? `${pathname}?${query}` : pathname;
}
