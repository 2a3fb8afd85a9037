/**
 * The loads of the browsing pages: 个人办事 / 单位办事 (manual 2.1), 权力清单 (6.2) and 部门站点
 * (7.1). Each reads its filters from the URL and asks the catalog for one page of items; the
 * page's facet counts (per department honouring every filter but the department, per power type
 * every filter but the type) are the side navigation's counts, so a count always says what
 * choosing that entry gives.
 */
import { error } from '@sveltejs/kit';
import type { ItemPage, ServiceObject } from '@hall/web/server';
import { PAGE_SIZE, looksLikeId, readFilters, type BrowseFilters } from '$lib/catalog/filters';
import { powerTypeNames } from '$lib/catalog/labels';
import { catalog, fromCatalog, NOT_FOUND_DEPARTMENT } from './catalog';

export interface CountEntry {
  key: string;
  name: string;
  count: number;
}

/** Entries with something to show, and the chosen one even when nothing matches it now. */
function withCurrent(entries: CountEntry[], current: CountEntry | null): CountEntry[] {
  const shown = entries.filter((e) => e.count > 0 || e.key === current?.key);
  if (current && !shown.some((e) => e.key === current.key)) shown.unshift(current);
  return shown;
}

function typeEntries(page: ItemPage, powerType: string): CountEntry[] {
  return withCurrent(
    page.countsByPowerType.map((t) => ({ key: t.code, name: t.name, count: t.count })),
    powerType ? { key: powerType, name: powerTypeNames[powerType] ?? powerType, count: 0 } : null,
  );
}

/**
 * The department entries of a page; a chosen department that has no matching items is looked up
 * (an unknown or disabled one, or another station's, is the 404 page).
 */
async function departmentEntries(
  station: string,
  page: ItemPage,
  department: string,
): Promise<{ entries: CountEntry[]; chosen: CountEntry | null }> {
  const entries = page.countsByDepartment.map((d) => ({ key: d.id, name: d.name, count: d.count }));
  if (!department) return { entries, chosen: null };
  let chosen = entries.find((d) => d.key === department) ?? null;
  if (!chosen) {
    const found = await fromCatalog(
      catalog().department(station, department),
      NOT_FOUND_DEPARTMENT,
    );
    chosen = { key: found.id, name: found.name, count: 0 };
  }
  return { entries: withCurrent(entries, chosen), chosen };
}

const sum = (entries: CountEntry[]) => entries.reduce((n, e) => n + e.count, 0);

export interface ServiceHallData {
  serviceObject: ServiceObject;
  filters: BrowseFilters;
  departments: CountEntry[];
  types: CountEntry[];
  /** What the item list shows: a department, a power type, a keyword search, or nothing yet. */
  selection:
    | { kind: 'department'; key: string; name: string }
    | { kind: 'type'; key: string; name: string }
    | { kind: 'search' }
    | null;
  /** Null until something is chosen: the page shows the departments (or types) to choose from. */
  list: ItemPage | null;
}

/**
 * 个人办事 (自然人) / 单位办事 (法人): 【按部门】 the departments with their counts, or
 * 【按类别】 the power types; choosing one (or typing a keyword) lists its items.
 */
export async function loadServiceHall(
  station: string,
  url: URL,
  serviceObject: ServiceObject,
): Promise<ServiceHallData> {
  const filters = readFilters(url);
  const { online, q, page } = filters;
  // Only the side navigation in use filters the list: 按部门 a department, 按类别 a type.
  const department = filters.by === 'department' ? filters.department : '';
  const powerType = filters.by === 'type' ? filters.powerType : '';
  const choosing = !department && !powerType && !q;
  const result = await fromCatalog(
    catalog().items(station, {
      serviceObject,
      department: department || undefined,
      powerType: powerType || undefined,
      online: online || undefined,
      q: q || undefined,
      page: choosing ? 1 : page,
      // Before anything is chosen only the counts are shown.
      pageSize: choosing ? 1 : PAGE_SIZE,
    }),
    NOT_FOUND_DEPARTMENT,
  );
  const { entries: departments, chosen } = await departmentEntries(station, result, department);
  const types = typeEntries(result, powerType);

  let selection: ServiceHallData['selection'] = null;
  if (chosen) selection = { kind: 'department', key: chosen.key, name: chosen.name };
  else if (powerType)
    selection = { kind: 'type', key: powerType, name: powerTypeNames[powerType] ?? powerType };
  else if (q) selection = { kind: 'search' };
  return { serviceObject, filters, departments, types, selection, list: choosing ? null : result };
}

export interface CatalogData {
  filters: BrowseFilters;
  departments: CountEntry[];
  types: CountEntry[];
  /** Every item matching all filters but the department (= but the type): 全部部门 / 全部类别. */
  allDepartments: number;
  allTypes: number;
  list: ItemPage;
}

/**
 * 权力清单: every top-level item of the station, filtered by 【选择部门】, 【选择类别】,
 * 【仅显示可以在线申报事项】 and 【关键字】; the side navigation counts 按部门 and 按类别.
 */
export async function loadCatalog(station: string, url: URL): Promise<CatalogData> {
  const filters = readFilters(url);
  const { department, powerType, online, q, page } = filters;
  const list = await fromCatalog(
    catalog().items(station, {
      department: department || undefined,
      powerType: powerType || undefined,
      online: online || undefined,
      q: q || undefined,
      page,
      pageSize: PAGE_SIZE,
    }),
    NOT_FOUND_DEPARTMENT,
  );
  const { entries: departments } = await departmentEntries(station, list, department);
  const types = typeEntries(list, powerType);
  return {
    filters,
    departments,
    types,
    allDepartments: sum(departments),
    allTypes: sum(types),
    list,
  };
}

export interface DepartmentSiteData {
  department: { id: string; name: string; itemCount: number };
  filters: BrowseFilters;
  types: CountEntry[];
  /** Items matching every filter but the type (全部事项). */
  allTypes: number;
  list: ItemPage;
}

/** 部门站点: one department's items with the power-type side navigation (manual 7.1). */
export async function loadDepartmentSite(
  station: string,
  id: string,
  url: URL,
): Promise<DepartmentSiteData> {
  if (!looksLikeId(id)) error(404, NOT_FOUND_DEPARTMENT);
  // The department is in the path; only the type, online, keyword and page filters apply.
  const filters: BrowseFilters = { ...readFilters(url), by: 'department', department: '' };
  const { powerType, online, q, page } = filters;
  const client = catalog();
  const [department, list] = await Promise.all([
    fromCatalog(client.department(station, id), NOT_FOUND_DEPARTMENT),
    fromCatalog(
      client.items(station, {
        department: id,
        powerType: powerType || undefined,
        online: online || undefined,
        q: q || undefined,
        page,
        pageSize: PAGE_SIZE,
      }),
      NOT_FOUND_DEPARTMENT,
    ),
  ]);
  const types = typeEntries(list, powerType);
  return {
    department: { id: department.id, name: department.name, itemCount: department.itemCount },
    filters,
    types,
    allTypes: sum(types),
    list,
  };
}
