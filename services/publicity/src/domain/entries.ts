import { HallError, type Executor, type Tx } from '@hall/platform';
import { toTsquery, weightedVector, words } from '@hall/platform/search';
import { and, count, desc, eq, lte, sql, type SQL } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { publicityEntries, type PublicationState } from '../db/schema';
import { attachmentsByIds, checkAttachments, type AttachmentView } from './attachments';
import { audit } from './audit';
import { shanghaiDay } from './dates';
import type { ChangeContext } from './deps';
import { PERIOD_LABELS, PUBLICATION_LABELS, type PeriodState } from './labels';
import { editConflict, type Paged, type Paging } from './paging';

/** 办件公示 as staff write it. The department is the catalog's, resolved by the route. */
export interface EntryInput {
  title: string;
  itemName: string;
  departmentId: string;
  summary?: string;
  periodStart: string;
  periodEnd: string;
  fileId: string;
}

export interface Department {
  id: string;
  name: string;
}

export interface EntryView {
  id: string;
  station: string;
  title: string;
  itemName: string;
  departmentId: string;
  departmentName: string;
  summary: string;
  periodStart: string;
  periodEnd: string;
  periodState: PeriodState;
  periodLabel: string;
  file: AttachmentView | null;
  status: PublicationState;
  statusLabel: string;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  revision: number;
}

/** The details file as the public downloads it (【下载】). */
export interface PublicEntryFile {
  fileName: string;
  contentType: string;
  size: number;
  url: string;
}

export interface PublicEntry {
  id: string;
  title: string;
  itemName: string;
  departmentName: string;
  summary: string;
  periodStart: string;
  periodEnd: string;
  periodState: PeriodState;
  periodLabel: string;
  file: PublicEntryFile | null;
  publishedAt: string | null;
}

type EntryRow = typeof publicityEntries.$inferSelect;
export type EntryAction = 'publish' | 'unpublish';

export function periodState(
  row: { periodStart: string; periodEnd: string },
  now: Date,
): PeriodState {
  const today = shanghaiDay(now);
  if (today < row.periodStart) return 'upcoming';
  return today > row.periodEnd ? 'ended' : 'open';
}

function view(row: EntryRow, file: AttachmentView | null, now: Date): EntryView {
  const state = periodState(row, now);
  return {
    id: row.id,
    station: row.station,
    title: row.title,
    itemName: row.itemName,
    departmentId: row.departmentId,
    departmentName: row.departmentName,
    summary: row.summary,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    periodState: state,
    periodLabel: PERIOD_LABELS[state],
    file,
    status: row.status,
    statusLabel: PUBLICATION_LABELS[row.status],
    publishedAt: row.publishedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    revision: row.revision,
  };
}

async function views(tx: Executor, rows: EntryRow[], now: Date): Promise<EntryView[]> {
  if (rows.length === 0) return [];
  const files = new Map(
    (await attachmentsByIds(tx, rows[0]!.station, [...new Set(rows.map((r) => r.fileId))])).map(
      (a) => [a.id, a],
    ),
  );
  return rows.map((r) => view(r, files.get(r.fileId) ?? null, now));
}

function publicView(entry: EntryView): PublicEntry {
  return {
    id: entry.id,
    title: entry.title,
    itemName: entry.itemName,
    departmentName: entry.departmentName,
    summary: entry.summary,
    periodStart: entry.periodStart,
    periodEnd: entry.periodEnd,
    periodState: entry.periodState,
    periodLabel: entry.periodLabel,
    file: entry.file
      ? {
          fileName: entry.file.fileName,
          contentType: entry.file.contentType,
          size: entry.file.size,
          url: `/stations/${entry.station}/publicity/${entry.id}/file`,
        }
      : null,
    publishedAt: entry.publishedAt,
  };
}

async function prepare(tx: Executor, station: string, input: EntryInput, department: Department) {
  const title = input.title.trim();
  const itemName = input.itemName.trim();
  const errors = [];
  if (!title) errors.push({ field: 'title', code: 'title.empty', message: '请填写标题' });
  if (!itemName)
    errors.push({ field: 'itemName', code: 'item_name.empty', message: '请填写事项名称' });
  if (input.periodStart > input.periodEnd)
    errors.push({
      field: 'periodEnd',
      code: 'period.order',
      message: '公示结束日期不能早于开始日期',
    });
  if (errors.length > 0) throw HallError.validation(errors);
  const fileId = input.fileId.toLowerCase();
  await checkAttachments(tx, station, [{ field: 'fileId', ids: [fileId] }]);
  const summary = (input.summary ?? '').trim();
  return {
    title,
    itemName,
    departmentId: department.id,
    departmentName: department.name,
    summary,
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
    fileId,
    search: weightedVector([
      [words(title), 'A'],
      [[...words(itemName), ...words(department.name)], 'B'],
      [words(summary), 'C'],
    ]),
  };
}

export async function createEntry(
  tx: Tx,
  ctx: ChangeContext,
  input: EntryInput,
  department: Department,
): Promise<EntryView> {
  const fields = await prepare(tx, ctx.station, input, department);
  const id = uuidv7();
  const [row] = await tx
    .insert(publicityEntries)
    .values({
      id,
      station: ctx.station,
      ...fields,
      status: 'draft',
      createdAt: ctx.now,
      updatedAt: ctx.now,
      createdBy: ctx.actor.id,
      updatedBy: ctx.actor.id,
    })
    .returning();
  await audit(
    tx,
    ctx,
    'publicity.entry.created',
    { kind: 'publicity_entry', id },
    { title: fields.title },
  );
  return (await views(tx, [row!], ctx.now))[0]!;
}

async function lockAt(tx: Tx, station: string, id: string, revision: number): Promise<EntryRow> {
  const [row] = await tx
    .select()
    .from(publicityEntries)
    .where(and(eq(publicityEntries.station, station), eq(publicityEntries.id, id)))
    .for('update');
  if (!row) throw HallError.notFound('公示不存在');
  if (row.revision !== revision) throw editConflict();
  return row;
}

export async function updateEntry(
  tx: Tx,
  ctx: ChangeContext,
  id: string,
  revision: number,
  input: EntryInput,
  department: Department,
): Promise<EntryView> {
  await lockAt(tx, ctx.station, id, revision);
  const fields = await prepare(tx, ctx.station, input, department);
  const [row] = await tx
    .update(publicityEntries)
    .set({ ...fields, revision: revision + 1, updatedAt: ctx.now, updatedBy: ctx.actor.id })
    .where(and(eq(publicityEntries.station, ctx.station), eq(publicityEntries.id, id)))
    .returning();
  await audit(
    tx,
    ctx,
    'publicity.entry.updated',
    { kind: 'publicity_entry', id },
    { title: fields.title },
  );
  return (await views(tx, [row!], ctx.now))[0]!;
}

export async function deleteEntry(
  tx: Tx,
  ctx: ChangeContext,
  id: string,
  revision: number,
): Promise<void> {
  const row = await lockAt(tx, ctx.station, id, revision);
  if (row.status === 'published')
    throw HallError.conflict('state_conflict', '已发布的公示须先撤回才能删除');
  await tx
    .delete(publicityEntries)
    .where(and(eq(publicityEntries.station, ctx.station), eq(publicityEntries.id, id)));
  await audit(
    tx,
    ctx,
    'publicity.entry.deleted',
    { kind: 'publicity_entry', id },
    { title: row.title },
  );
}

/** 发布 or 撤回: 409 `state_conflict` when it would change nothing. */
export async function actOnEntry(
  tx: Tx,
  ctx: ChangeContext,
  id: string,
  revision: number,
  action: EntryAction,
): Promise<EntryView> {
  const row = await lockAt(tx, ctx.station, id, revision);
  const publish = action === 'publish';
  if ((row.status === 'published') === publish)
    throw HallError.conflict('state_conflict', publish ? '公示已发布' : '公示未发布');
  const [updated] = await tx
    .update(publicityEntries)
    .set({
      status: publish ? 'published' : 'draft',
      ...(publish ? { publishedAt: ctx.now } : {}),
      revision: revision + 1,
      updatedAt: ctx.now,
      updatedBy: ctx.actor.id,
    })
    .where(and(eq(publicityEntries.station, ctx.station), eq(publicityEntries.id, id)))
    .returning();
  await audit(
    tx,
    ctx,
    publish ? 'publicity.entry.published' : 'publicity.entry.unpublished',
    { kind: 'publicity_entry', id },
    { title: row.title },
  );
  return (await views(tx, [updated!], ctx.now))[0]!;
}

function matching(station: string, q: string | undefined, extra: (SQL | undefined)[]): SQL {
  const tsquery = q ? toTsquery(q) : null;
  return and(
    eq(publicityEntries.station, station),
    ...extra,
    tsquery ? sql`${publicityEntries.search} @@ ${tsquery}::tsquery` : undefined,
  )!;
}

async function page(
  tx: Executor,
  where: SQL,
  order: SQL[],
  { page, pageSize }: Paging,
  now: Date,
): Promise<Paged<EntryView>> {
  const [rows, [{ n } = { n: 0 }]] = await Promise.all([
    tx
      .select()
      .from(publicityEntries)
      .where(where)
      .orderBy(...order)
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    tx.select({ n: count() }).from(publicityEntries).where(where),
  ]);
  return { items: await views(tx, rows, now), total: n, page, pageSize };
}

/** The console's list: every entry of the station, latest change first. */
export function staffEntries(
  tx: Executor,
  station: string,
  filters: { status?: PublicationState; q?: string },
  paging: Paging,
  now: Date,
): Promise<Paged<EntryView>> {
  return page(
    tx,
    matching(station, filters.q, [
      filters.status ? eq(publicityEntries.status, filters.status) : undefined,
    ]),
    [desc(publicityEntries.updatedAt), desc(publicityEntries.id)],
    paging,
    now,
  );
}

export async function staffEntry(
  tx: Executor,
  station: string,
  id: string,
  now: Date,
): Promise<EntryView> {
  const [row] = await tx
    .select()
    .from(publicityEntries)
    .where(and(eq(publicityEntries.station, station), eq(publicityEntries.id, id)));
  if (!row) throw HallError.notFound('公示不存在');
  return (await views(tx, [row], now))[0]!;
}

/** What the public sees: published entries whose 公示期 has begun (open or ended). */
const visible = (now: Date): SQL[] => [
  eq(publicityEntries.status, 'published'),
  lte(publicityEntries.periodStart, shanghaiDay(now)),
];

/** 办件公示 for the public: newest period first. */
export async function visibleEntries(
  tx: Executor,
  station: string,
  q: string | undefined,
  paging: Paging,
  now: Date,
): Promise<Paged<PublicEntry>> {
  const result = await page(
    tx,
    matching(station, q, visible(now)),
    [
      desc(publicityEntries.periodStart),
      desc(publicityEntries.publishedAt),
      desc(publicityEntries.id),
    ],
    paging,
    now,
  );
  return { ...result, items: result.items.map(publicView) };
}

export async function visibleEntry(
  tx: Executor,
  station: string,
  id: string,
  now: Date,
): Promise<PublicEntry> {
  const [row] = await tx
    .select()
    .from(publicityEntries)
    .where(
      and(eq(publicityEntries.station, station), eq(publicityEntries.id, id), ...visible(now)),
    );
  if (!row) throw HallError.notFound('公示不存在');
  return publicView((await views(tx, [row], now))[0]!);
}

/** The details file of a visible entry (what 【下载】 serves). */
export async function visibleEntryFileId(
  tx: Executor,
  station: string,
  id: string,
  now: Date,
): Promise<string> {
  const [row] = await tx
    .select({ fileId: publicityEntries.fileId })
    .from(publicityEntries)
    .where(
      and(eq(publicityEntries.station, station), eq(publicityEntries.id, id), ...visible(now)),
    );
  if (!row) throw HallError.notFound('公示不存在');
  return row.fileId;
}
