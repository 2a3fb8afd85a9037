import { HallError, isStationKey, type Tx } from '@hall/platform';
import {
  and,
  asc,
  desc,
  eq,
  inArray,
  isNotNull,
  isNull,
  notInArray,
  sql,
  type SQL,
} from 'drizzle-orm';
import { departments, itemVersions, items, stations } from '../db/schema';
import type { ItemDefinition, TimeLimit } from './definition';
import { powerTypeName, powerTypes } from './power-types';
import { searchQuery } from './search';
import { requireStation } from './stations';

// What the public sees: published items of enabled departments of an enabled station. Every
// function checks the station first, in the same unit of work.

export interface BrowseFilters {
  department?: string | undefined;
  powerType?: string | undefined;
  serviceObject?: 'person' | 'legal' | undefined;
  online?: boolean | undefined;
  q?: string | undefined;
}

export interface ListedItem {
  id: string;
  name: string;
  implCode: string;
  powerType: string;
  powerTypeName: string;
  department: { id: string; name: string };
  handlingType: string;
  online: boolean;
  onlineDepth: number | null;
  serviceObjects: string[];
  promisedTimeLimit: TimeLimit | null;
}

export interface ListedParent extends ListedItem {
  subItems: ListedItem[];
}

export const listedColumns = {
  id: items.id,
  name: items.name,
  implCode: items.implCode,
  powerType: items.powerType,
  departmentId: items.departmentId,
  departmentName: departments.name,
  handlingType: items.handlingType,
  online: items.online,
  onlineDepth: items.onlineDepth,
  serviceObjects: items.serviceObjects,
  promisedTimeLimit: items.promisedTimeLimit,
};

type ListedRow = {
  id: string;
  name: string;
  implCode: string;
  powerType: string;
  departmentId: string;
  departmentName: string;
  handlingType: string;
  online: boolean;
  onlineDepth: number | null;
  serviceObjects: string[];
  promisedTimeLimit: TimeLimit | null;
};

export const listed = (r: ListedRow): ListedItem => ({
  id: r.id,
  name: r.name,
  implCode: r.implCode,
  powerType: r.powerType,
  powerTypeName: powerTypeName(r.powerType),
  department: { id: r.departmentId, name: r.departmentName },
  handlingType: r.handlingType,
  online: r.online,
  onlineDepth: r.onlineDepth,
  serviceObjects: r.serviceObjects,
  promisedTimeLimit: r.promisedTimeLimit,
});

const departmentJoin = and(
  eq(departments.id, items.departmentId),
  eq(departments.station, items.station),
  eq(departments.enabled, true),
);

/** Published top-level items of the station (the rows the browse indexes cover). */
export const listedItems = (station: string): SQL[] => [
  eq(items.station, station),
  eq(items.status, 'published'),
  isNull(items.parentId),
];

/** The filters that are not a facet of their own (服务对象, 仅显示可以在线申报事项, keyword). */
function commonFilters(filters: BrowseFilters, tsquery: string | null): SQL[] {
  const out: SQL[] = [];
  if (filters.serviceObject) out.push(sql`${filters.serviceObject} = any(${items.serviceObjects})`);
  if (filters.online) out.push(eq(items.online, true));
  if (tsquery) out.push(sql`${items.search} @@ ${tsquery}::tsquery`);
  return out;
}

/** Published sub-items of the given parents (of every parent: `'all'`), by parent, in order. */
export async function subItemsOf(tx: Tx, station: string, parentIds: string[] | 'all') {
  if (parentIds.length === 0) return new Map<string, ListedItem[]>();
  const rows = await tx
    .select({ ...listedColumns, parentId: items.parentId })
    .from(items)
    .innerJoin(departments, departmentJoin)
    .where(
      and(
        eq(items.station, station),
        eq(items.status, 'published'),
        parentIds === 'all' ? isNotNull(items.parentId) : inArray(items.parentId, parentIds),
      ),
    )
    .orderBy(asc(items.sortOrder), asc(items.name), asc(items.id));
  const byParent = new Map<string, ListedItem[]>();
  for (const r of rows) {
    const list = byParent.get(r.parentId!) ?? [];
    list.push(listed(r));
    byParent.set(r.parentId!, list);
  }
  return byParent;
}

export interface DepartmentCount {
  id: string;
  name: string;
  count: number;
}

export interface PowerTypeCount {
  code: string;
  name: string;
  count: number;
}

export interface ItemPage {
  items: ListedParent[];
  total: number;
  page: number;
  pageSize: number;
  countsByPowerType: PowerTypeCount[];
  countsByDepartment: DepartmentCount[];
}

interface StationDepartment {
  id: string;
  code: string;
  name: string;
  sortOrder: number;
  enabled: boolean;
}

/**
 * The station's departments, checking in the same query that the station exists and is enabled
 * (404 otherwise). Departments are few per station; browsing joins them in memory, so the item
 * queries run on the items indexes alone.
 */
export async function stationDepartments(tx: Tx, station: string): Promise<StationDepartment[]> {
  if (!isStationKey(station)) throw HallError.notFound('站点不存在');
  const rows = await tx
    .select({
      stationEnabled: stations.enabled,
      id: departments.id,
      code: departments.code,
      name: departments.name,
      sortOrder: departments.sortOrder,
      enabled: departments.enabled,
    })
    .from(stations)
    .leftJoin(departments, eq(departments.station, stations.key))
    .where(eq(stations.key, station))
    .orderBy(asc(departments.sortOrder), asc(departments.name));
  if (rows.length === 0 || !rows[0]!.stationEnabled) throw HallError.notFound('站点不存在');
  return rows.filter((r): r is typeof r & StationDepartment => r.id !== null);
}

/** `count(*)`, or `count(*) filter (where …)` when there is a condition. */
const countWhere = (condition: SQL | undefined | '' | null) =>
  condition ? sql`count(*) filter (where ${condition})` : sql`count(*)`;

/**
 * A page of the 权力清单 with its facet counts. Counts per power type honour every filter but
 * the power type, counts per department every filter but the department (each side navigation
 * shows what choosing another entry would give). Counts come from one grouped query; the page
 * is read in index order.
 */
export async function listItems(
  tx: Tx,
  station: string,
  filters: BrowseFilters,
  paging: { page: number; pageSize: number },
): Promise<ItemPage> {
  if (!isStationKey(station)) throw HallError.notFound('站点不存在');
  const tsquery = filters.q ? searchQuery(station, filters.q) : null;
  const base = [
    ...listedItems(station),
    notInArray(
      items.departmentId,
      tx
        .select({ id: departments.id })
        .from(departments)
        .where(and(eq(departments.station, station), eq(departments.enabled, false))),
    ),
    ...commonFilters(filters, tsquery),
  ];
  const where = [...base];
  if (filters.department) where.push(eq(items.departmentId, filters.department));
  if (filters.powerType) where.push(eq(items.powerType, filters.powerType));
  const { departmentName: _name, ...columns } = listedColumns;

  // The three reads do not depend on each other: issued together, they travel to PostgreSQL in
  // one pipeline on the transaction's connection instead of three round trips.
  const [departmentList, groups, rows] = await Promise.all([
    stationDepartments(tx, station),
    // One row per department (counting the chosen power type) and one per power type (counting
    // the chosen department): each side navigation's counts, a few dozen rows at most.
    tx
      .select({
        departmentId: items.departmentId,
        powerType: items.powerType,
        ofChosenType: sql<number>`(${countWhere(filters.powerType && eq(items.powerType, filters.powerType))})::int`,
        inChosenDepartment: sql<number>`(${countWhere(filters.department && eq(items.departmentId, filters.department))})::int`,
      })
      .from(items)
      .where(and(...base))
      .groupBy(sql`grouping sets ((${items.departmentId}), (${items.powerType}))`),
    tx
      .select(columns)
      .from(items)
      .where(and(...where))
      .orderBy(
        ...(tsquery ? [desc(sql`ts_rank(${items.search}, ${tsquery}::tsquery)`)] : []),
        asc(items.sortOrder),
        asc(items.name),
        asc(items.id),
      )
      .limit(paging.pageSize)
      .offset((paging.page - 1) * paging.pageSize),
  ]);
  const enabled = new Map(departmentList.filter((d) => d.enabled).map((d) => [d.id, d]));

  // Grouping sets leave the column a row is not grouped by null (both are NOT NULL in items).
  const perDepartment = new Map<string, number>();
  const perType = new Map<string, number>();
  for (const g of groups) {
    if (g.powerType === null) perDepartment.set(g.departmentId, g.ofChosenType);
    else perType.set(g.powerType, g.inChosenDepartment);
  }
  const total = filters.department
    ? (perDepartment.get(filters.department) ?? 0)
    : [...perDepartment.values()].reduce((n, count) => n + count, 0);
  const countsByPowerType = powerTypes.map((p) => ({
    code: p.code,
    name: p.name,
    count: perType.get(p.code) ?? 0,
  }));
  const countsByDepartment = [...enabled.values()]
    .filter((d) => (perDepartment.get(d.id) ?? 0) > 0)
    .map((d) => ({ id: d.id, name: d.name, count: perDepartment.get(d.id)! }));

  const named = (r: Omit<ListedRow, 'departmentName'>): ListedRow => ({
    ...r,
    departmentName: enabled.get(r.departmentId)?.name ?? '',
  });
  const subItems = await subItemsOf(
    tx,
    station,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((r) => ({ ...listed(named(r)), subItems: subItems.get(r.id) ?? [] })),
    total,
    page: paging.page,
    pageSize: paging.pageSize,
    countsByPowerType,
    countsByDepartment,
  };
}

export interface PublicDepartment {
  id: string;
  code: string;
  name: string;
  sortOrder: number;
  itemCount: number;
}

/** Enabled departments in order, each with the number of listed items matching the filters. */
export async function listPublicDepartments(
  tx: Tx,
  station: string,
  filters: Omit<BrowseFilters, 'department' | 'q'>,
): Promise<PublicDepartment[]> {
  const departmentList = await stationDepartments(tx, station);
  const where = [...listedItems(station), ...commonFilters(filters, null)];
  if (filters.powerType) where.push(eq(items.powerType, filters.powerType));
  const counts = await tx
    .select({ departmentId: items.departmentId, n: sql<number>`count(*)::int` })
    .from(items)
    .where(and(...where))
    .groupBy(items.departmentId);
  const byDepartment = new Map(counts.map((c) => [c.departmentId, c.n]));
  return departmentList
    .filter((d) => d.enabled)
    .map((d) => ({
      id: d.id,
      code: d.code,
      name: d.name,
      sortOrder: d.sortOrder,
      itemCount: byDepartment.get(d.id) ?? 0,
    }));
}

/** One enabled department with its item counts per power type (部门站点 side navigation). */
export async function getPublicDepartment(
  tx: Tx,
  station: string,
  id: string,
  filters: Omit<BrowseFilters, 'department' | 'q' | 'powerType'> = {},
): Promise<
  Omit<PublicDepartment, 'itemCount'> & { itemCount: number; countsByPowerType: PowerTypeCount[] }
> {
  const department = (await stationDepartments(tx, station)).find((d) => d.id === id && d.enabled);
  if (!department) throw HallError.notFound('部门不存在');
  const groups = await tx
    .select({ powerType: items.powerType, n: sql<number>`count(*)::int` })
    .from(items)
    .where(
      and(...listedItems(station), eq(items.departmentId, id), ...commonFilters(filters, null)),
    )
    .groupBy(items.powerType);
  const counts = new Map(groups.map((g) => [g.powerType, g.n]));
  return {
    id: department.id,
    code: department.code,
    name: department.name,
    sortOrder: department.sortOrder,
    itemCount: groups.reduce((n, g) => n + g.n, 0),
    countsByPowerType: powerTypes.map((p) => ({
      code: p.code,
      name: p.name,
      count: counts.get(p.code) ?? 0,
    })),
  };
}

export interface PublicItem {
  id: string;
  version: number;
  station: string;
  state: 'published' | 'superseded';
  department: { id: string; name: string };
  parent: { id: string; name: string } | null;
  subItems: ListedItem[];
  definition: ItemDefinition;
  publishedAt: string | null;
}

/** The published guide (办事指南) of a listed item or of a sub-item of a listed parent. */
export async function getPublicItem(tx: Tx, station: string, id: string): Promise<PublicItem> {
  await requireStation(tx, station);
  const [row] = await tx
    .select({ ...listedColumns, parentId: items.parentId, version: items.publishedVersion })
    .from(items)
    .innerJoin(departments, departmentJoin)
    .where(and(eq(items.station, station), eq(items.id, id), eq(items.status, 'published')));
  if (!row || row.version === null) throw HallError.notFound('事项不存在或已下架');
  let parent: { id: string; name: string } | null = null;
  if (row.parentId) {
    const [p] = await tx
      .select({ id: items.id, name: items.name })
      .from(items)
      .innerJoin(departments, departmentJoin)
      .where(
        and(eq(items.station, station), eq(items.id, row.parentId), eq(items.status, 'published')),
      );
    if (!p) throw HallError.notFound('事项不存在或已下架');
    parent = p;
  }
  const version = await publishedVersion(tx, station, id, row.version);
  const subItems = row.parentId ? [] : ((await subItemsOf(tx, station, [id])).get(id) ?? []);
  return {
    id,
    version: row.version,
    station,
    state: 'published',
    department: { id: row.departmentId, name: row.departmentName },
    parent,
    subItems,
    definition: version.definition,
    publishedAt: version.publishedAt?.toISOString() ?? null,
  };
}

async function publishedVersion(tx: Tx, station: string, id: string, version: number) {
  const [row] = await tx
    .select()
    .from(itemVersions)
    .where(
      and(
        eq(itemVersions.station, station),
        eq(itemVersions.itemId, id),
        eq(itemVersions.version, version),
        inArray(itemVersions.state, ['published', 'superseded']),
      ),
    );
  if (!row) throw HallError.notFound('事项版本不存在');
  return row;
}

/**
 * A published or superseded version, whatever the item's state now: an application filled
 * against it can always show what it was filled against.
 */
export async function getPublicItemVersion(
  tx: Tx,
  station: string,
  id: string,
  version: number,
): Promise<PublicItem> {
  await requireStation(tx, station);
  const row = await publishedVersion(tx, station, id, version);
  const def = row.definition;
  const [department] = await tx
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(and(eq(departments.station, station), eq(departments.id, def.departmentId)));
  let parent: { id: string; name: string } | null = null;
  if (def.parentId) {
    const [p] = await tx
      .select({ id: items.id, name: items.name })
      .from(items)
      .where(and(eq(items.station, station), eq(items.id, def.parentId)));
    parent = p ?? null;
  }
  return {
    id,
    version,
    station,
    state: row.state === 'superseded' ? 'superseded' : 'published',
    department: department ?? { id: def.departmentId, name: '' },
    parent,
    subItems: [],
    definition: def,
    publishedAt: row.publishedAt?.toISOString() ?? null,
  };
}
