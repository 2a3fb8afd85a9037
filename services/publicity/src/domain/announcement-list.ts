import { HallError, type Executor } from '@hall/platform';
import { toTsquery } from '@hall/platform/search';
import { sql, type SQL } from 'drizzle-orm';
import { stringify as stringifyUuid } from 'uuid';
import type { AnnouncementState } from '../db/schema';
import { addDays, dayStart } from './dates';
import { OUTCOME_LABELS, STATE_LABELS } from './labels';
import type { Paging } from './paging';

/**
 * The public 办件公告 list. It is the hall's busiest public read over its largest table (every
 * application of every station). Read directly (`listAnnouncements`) it is two plain statements
 * issued together: the page, and the station check with the count. Counting stops at COUNT_LIMIT
 * matches: an exact count of a large station's applications would cost more than the page
 * itself, and nobody pages that far (narrow the filters instead).
 *
 * With the service's caches on (ADR 19, 20), a filter's matches are read once up to that limit
 * (`matchAnnouncements`) and every page of the filter is cut from them: its count without
 * counting again, its rows by id (`announcementsByIds`).
 */
export const COUNT_LIMIT = 10_000;

export interface AnnouncementFilters {
  /** 受理部门. */
  department?: string;
  /** 受理日期 from and to, inclusive, Asia/Shanghai. */
  from?: string;
  to?: string;
  /** 事项名称 words, or the start of a 申办流水号. */
  q?: string;
}

export interface AnnouncementItem {
  serial: string;
  itemName: string;
  departmentId: string;
  departmentName: string;
  applicantType: 'person' | 'unit';
  /** 张*, 重庆某某有限公司. */
  applicant: string;
  state: AnnouncementState;
  stateLabel: string;
  outcome: 'approved' | 'not_approved' | null;
  outcomeLabel: string | null;
  submittedAt: string | null;
  acceptedAt: string | null;
  completedAt: string | null;
}

export interface AnnouncementPage {
  items: AnnouncementItem[];
  /** Matches, counted up to COUNT_LIMIT. */
  total: number;
  /** More than COUNT_LIMIT match: `total` is the limit. */
  totalCapped: boolean;
  page: number;
  pageSize: number;
}

const SERIAL_PREFIX = /^\d{4,20}$/;

// The orders of the list, as the indexes hold them (schema.ts).
const bySubmission = sql.raw('submitted_at desc nulls last, application_id desc nulls last');
const byAcceptance = sql.raw('accepted_at desc nulls last, application_id desc nulls last');

/** Newest submission first — or newest 受理日期 first when a range of it is asked for. */
const orderOf = (filters: AnnouncementFilters) =>
  filters.from || filters.to ? byAcceptance : bySubmission;

function checkDepth({ page, pageSize }: Paging): void {
  if (page * pageSize > COUNT_LIMIT)
    throw HallError.validation([
      {
        field: 'page',
        code: 'page.too_deep',
        message: `仅可查看前${COUNT_LIMIT}条，请缩小筛选范围`,
      },
    ]);
}

/** The words of the filter's keyword as a tsquery; null without one (or for a serial's start). */
function keywordQuery(filters: AnnouncementFilters): string | null {
  const q = filters.q?.trim();
  return q && !SERIAL_PREFIX.test(q) ? toTsquery(q) : null;
}

/** The station's items whose names have the keyword's words (ADR 7). */
const itemsMatching = (station: string, tsquery: string) =>
  sql`select item_id from announcement_items where station = ${station} and search @@ ${tsquery}::tsquery`;

/**
 * The WHERE clause of a filtered list; field errors for filters that cannot be right. A keyword
 * matches the announcements of its items — of `item` alone when one is given (one branch of
 * `mergedMatches`).
 */
function conditions(station: string, filters: AnnouncementFilters, item?: string): SQL {
  if (filters.from && filters.to && filters.from > filters.to)
    throw HallError.validation([
      { field: 'to', code: 'range.order', message: '结束日期不能早于开始日期' },
    ]);
  const parts: SQL[] = [sql`station = ${station}`, sql`state is not null`];
  if (filters.department) parts.push(sql`department_id = ${filters.department}::uuid`);
  if (filters.from)
    parts.push(sql`accepted_at >= ${dayStart(filters.from).toISOString()}::timestamptz`);
  if (filters.to)
    parts.push(sql`accepted_at < ${dayStart(addDays(filters.to, 1)).toISOString()}::timestamptz`);
  const q = filters.q?.trim();
  const tsquery = keywordQuery(filters);
  if (q && SERIAL_PREFIX.test(q)) parts.push(sql`serial like ${`${q}%`}`);
  else if (item !== undefined) parts.push(sql`item_id = ${item}::uuid`);
  else if (tsquery) parts.push(sql`item_id = any(array(${itemsMatching(station, tsquery)}))`);
  return sql.join(parts, sql` and `);
}

interface ListRow {
  serial: string;
  item_name: string;
  department_id: string;
  department_name: string;
  applicant_type: 'person' | 'unit';
  applicant_masked: string;
  state: AnnouncementState;
  outcome: 'approved' | 'not_approved' | null;
  submitted_at: string | null;
  accepted_at: string | null;
  completed_at: string | null;
}

/** Rows of a raw statement: postgres.js answers an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** A timestamptz as an ISO 8601 instant in UTC, the way the rest of the hall writes times. */
const iso = (column: string) =>
  sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

const listColumns = sql`
  a.serial, a.item_name, a.department_id, a.department_name, a.applicant_type,
  a.applicant_masked, a.state, a.outcome, ${iso('a.submitted_at')} as submitted_at,
  ${iso('a.accepted_at')} as accepted_at, ${iso('a.completed_at')} as completed_at`;

function itemOf(r: ListRow): AnnouncementItem {
  return {
    serial: r.serial,
    itemName: r.item_name,
    departmentId: r.department_id,
    departmentName: r.department_name,
    applicantType: r.applicant_type,
    applicant: r.applicant_masked,
    state: r.state,
    stateLabel: STATE_LABELS[r.state],
    outcome: r.outcome,
    outcomeLabel: r.outcome ? OUTCOME_LABELS[r.outcome] : null,
    submittedAt: r.submitted_at,
    acceptedAt: r.accepted_at,
    completedAt: r.completed_at,
  };
}

/**
 * 办件公告 of a station, newest submission first — or newest 受理日期 first when a range of it
 * is asked for. Acts in the caller's transaction (which must act for the station); 404 for an
 * unknown or disabled station.
 */
export async function listAnnouncements(
  tx: Executor,
  station: string,
  filters: AnnouncementFilters,
  paging: Paging,
): Promise<AnnouncementPage> {
  checkDepth(paging);
  const { page, pageSize } = paging;
  // The page's ids come from an index alone (however deep the offset); only its own rows are
  // read from the table.
  const order = orderOf(filters);
  const where = conditions(station, filters);
  const [rows, counted] = await Promise.all([
    tx.execute(sql`
      select ${listColumns}
      from (select application_id from announcements
            where ${where}
            order by ${order}
            limit ${pageSize} offset ${(page - 1) * pageSize}) p
      join announcements a using (application_id)
      order by ${order}`),
    tx.execute(sql`
      select (select enabled from stations where key = ${station}) as enabled,
             (select count(*) from (select 1 from announcements where ${where}
                                    limit ${COUNT_LIMIT + 1}) m)::int as matched`),
  ]);
  const [status] = rowsOf<{ enabled: boolean | null; matched: number }>(counted);
  if (status?.enabled !== true) throw HallError.notFound('站点不存在');
  return {
    items: rowsOf<ListRow>(rows).map(itemOf),
    total: Math.min(status.matched, COUNT_LIMIT),
    totalCapped: status.matched > COUNT_LIMIT,
    page,
    pageSize,
  };
}

/**
 * A filter's matches in list order, as deep as anyone may page: the first COUNT_LIMIT + 1
 * application ids (one more than can be shown, to know there are more), 16 bytes each — a
 * filter matching ten thousand applications holds 160 KiB.
 */
export interface AnnouncementMatches {
  ids: Buffer;
  /** Up to COUNT_LIMIT + 1. */
  count: number;
}

/**
 * Read a filter's matches once (`AnnouncementMatches`); its pages are then cut from them with
 * `pageOfMatches`. Acts in the caller's transaction (which must act for the station); 404 for an
 * unknown or disabled station. The ids leave the database as one bytea value: ten thousand rows
 * would cost the service more to parse than the statement costs the database. They are
 * aggregated in the order the sorted subquery gives them, which PostgreSQL keeps when nothing
 * (no join) stands between the two ("Aggregate Expressions"): an ORDER BY in the aggregate would
 * sort them all again. A keyword in submission order first looks its items up, to merge their
 * matches when they are few (`mergedMatches`).
 */
export async function matchAnnouncements(
  tx: Executor,
  station: string,
  filters: AnnouncementFilters,
): Promise<AnnouncementMatches> {
  const order = orderOf(filters);
  const where = conditions(station, filters);
  const tsquery = keywordQuery(filters);
  const items =
    tsquery && order === bySubmission
      ? rowsOf<{ item_id: string }>(
          await tx.execute(sql`${itemsMatching(station, tsquery)} limit ${MERGED_ITEMS + 1}`),
        ).map((r) => r.item_id)
      : null;
  const matches =
    items && items.length <= MERGED_ITEMS
      ? mergedMatches(station, filters, items)
      : sql`select uuid_send(application_id) as id from announcements
            where ${where}
            order by ${order}
            limit ${COUNT_LIMIT + 1}`;
  const [status] = rowsOf<{ enabled: boolean | null; ids: Uint8Array }>(
    await tx.execute(sql`
      select (select enabled from stations where key = ${station}) as enabled,
             (select coalesce(string_agg(id, ''::bytea), ''::bytea) from (${matches}) m) as ids`),
  );
  if (status?.enabled !== true) throw HallError.notFound('站点不存在');
  const ids = Buffer.from(status.ids);
  return { ids, count: ids.length / UUID_BYTES };
}

/**
 * A keyword of at most this many items has its matches merged item by item (`mergedMatches`):
 * planning costs about 0.1 ms a branch, so beyond this the single statement is the cheaper bet.
 */
const MERGED_ITEMS = 64;

/**
 * A keyword's matches in submission order, merged from each item's own index (one branch per
 * item, PostgreSQL's Merge Append): only the entries that make the list are read. The single
 * statement must either walk the station's whole list testing every entry's item, or read every
 * entry of the items and sort them — 许可, half of a station's applications over 32 items: 55 ms
 * against 6 ms merged on the benchmark's 250,000 rows. None for no item.
 */
function mergedMatches(station: string, filters: AnnouncementFilters, items: string[]): SQL {
  if (items.length === 0) return sql`select null::bytea as id where false`;
  const branches = items.map(
    (item) => sql`(select submitted_at, application_id from announcements
                   where ${conditions(station, filters, item)}
                   order by ${bySubmission}
                   limit ${COUNT_LIMIT + 1})`,
  );
  return sql`select uuid_send(application_id) as id
             from (${sql.join(branches, sql` union all `)}) merged
             order by ${bySubmission}
             limit ${COUNT_LIMIT + 1}`;
}

const UUID_BYTES = 16;

/** The ids of a page of the matches, as uuid strings (none past the end). */
function pageIds(matches: AnnouncementMatches, { page, pageSize }: Paging): string[] {
  const first = (page - 1) * pageSize;
  const last = Math.min(first + pageSize, matches.count, COUNT_LIMIT);
  const ids: string[] = [];
  for (let i = first; i < last; i++) ids.push(stringifyUuid(matches.ids, i * UUID_BYTES));
  return ids;
}

/** Ids in one `announcementsByIds` of gathered pages at most: fifty pages of twenty. */
export const ANNOUNCEMENT_ROWS_PER_READ = 1000;

/**
 * The listed rows of these applications of `station`, by id (the ids of pages of matches: see
 * `pageIds`, and `BatchedReads`, which gathers many pages' into one read); an id without a listed
 * row is left out. Acts in the caller's transaction, which must act for the station.
 */
export async function announcementsByIds(
  tx: Executor,
  station: string,
  ids: string[],
): Promise<Map<string, AnnouncementItem>> {
  if (ids.length === 0) return new Map();
  // One array parameter, so every batch size is the same prepared statement; the ids are
  // uuids formatted by pageIds.
  const rows = rowsOf<ListRow & { application_id: string }>(
    await tx.execute(sql`
      select a.application_id, ${listColumns} from announcements a
      where station = ${station} and state is not null
        and application_id = any(${`{${ids.join(',')}}`}::uuid[])`),
  );
  return new Map(rows.map((r) => [r.application_id, itemOf(r)]));
}

/**
 * A page cut from a filter's matches (`matchAnnouncements`, usually kept), with the rows of its
 * ids (`announcementsByIds`): the same page as `listAnnouncements` gives.
 */
export async function pageOfMatches(
  paging: Paging,
  matches: () => Promise<AnnouncementMatches>,
  rowsByIds: (ids: string[]) => Promise<AnnouncementItem[]>,
): Promise<AnnouncementPage> {
  checkDepth(paging);
  const found = await matches();
  return {
    items: await rowsByIds(pageIds(found, paging)),
    total: Math.min(found.count, COUNT_LIMIT),
    totalCapped: found.count > COUNT_LIMIT,
    page: paging.page,
    pageSize: paging.pageSize,
  };
}

/** 受理部门 for the filter: the departments the station's announcements name. */
export async function announcementDepartments(
  tx: Executor,
  station: string,
): Promise<{ id: string; name: string }[]> {
  return rowsOf<{ id: string; name: string }>(
    await tx.execute(sql`
      select department_id as id, department_name as name from announcement_departments
      where station = ${station} order by department_name, department_id`),
  );
}

/**
 * The version of `station`'s 办件公告 (`announcement_versions`, moved by every change of them):
 * what the caches of pages and matches check an answer past its time limit against (ADR 21).
 * Acts in the caller's transaction, which must act for the station.
 */
export async function announcementsVersion(tx: Executor, station: string): Promise<string> {
  const [row] = rowsOf<{ version: string }>(
    await tx.execute(sql`
      select coalesce((select version from announcement_versions where station = ${station}), 0)::text
             as version`),
  );
  return row?.version ?? '0';
}
