import { HallError, type Executor, type Tx } from '@hall/platform';
import { toTsquery, weightedVector, words } from '@hall/platform/search';
import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { notices, type PublicationState } from '../db/schema';
import { attachmentsByIds, checkAttachments, type AttachmentView } from './attachments';
import { audit } from './audit';
import type { ChangeContext } from './deps';
import { PUBLICATION_LABELS } from './labels';
import { editConflict, type Paged, type Paging } from './paging';
import { excerpt, sanitiseBody } from './rich-text';

export interface NoticeInput {
  title: string;
  /** Rich text as the editor wrote it; stored sanitised. */
  body: string;
  attachmentIds?: string[];
}

export interface NoticeView {
  id: string;
  station: string;
  title: string;
  body: string;
  status: PublicationState;
  statusLabel: string;
  pinned: boolean;
  attachments: AttachmentView[];
  /** Attachments the body shows as images. */
  imageIds: string[];
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
  revision: number;
}

export interface NoticeSummary {
  id: string;
  title: string;
  excerpt: string;
  pinned: boolean;
  status: PublicationState;
  statusLabel: string;
  attachmentCount: number;
  publishedAt: string | null;
  updatedAt: string;
  revision: number;
}

export type PublicNotice = Omit<
  NoticeView,
  'status' | 'statusLabel' | 'imageIds' | 'revision' | 'createdAt'
>;
export type PublicNoticeSummary = Pick<
  NoticeSummary,
  'id' | 'title' | 'excerpt' | 'pinned' | 'attachmentCount' | 'publishedAt'
>;

type NoticeRow = typeof notices.$inferSelect;
export type NoticeAction = 'publish' | 'unpublish' | 'pin' | 'unpin';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

async function view(tx: Executor, row: NoticeRow): Promise<NoticeView> {
  return {
    id: row.id,
    station: row.station,
    title: row.title,
    body: row.body,
    status: row.status,
    statusLabel: PUBLICATION_LABELS[row.status],
    pinned: row.pinned,
    attachments: await attachmentsByIds(tx, row.station, row.attachmentIds),
    imageIds: row.imageIds,
    publishedAt: iso(row.publishedAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    revision: row.revision,
  };
}

function summary(row: NoticeRow): NoticeSummary {
  return {
    id: row.id,
    title: row.title,
    excerpt: excerpt(row.bodyText),
    pinned: row.pinned,
    status: row.status,
    statusLabel: PUBLICATION_LABELS[row.status],
    attachmentCount: row.attachmentIds.length,
    publishedAt: iso(row.publishedAt),
    updatedAt: row.updatedAt.toISOString(),
    revision: row.revision,
  };
}

/** The stored form of an editor's input: title trimmed, body sanitised, files checked. */
async function prepare(tx: Executor, station: string, input: NoticeInput) {
  const title = input.title.trim();
  const body = sanitiseBody(input.body, station);
  const attachmentIds = [...new Set((input.attachmentIds ?? []).map((id) => id.toLowerCase()))];
  const errors = [];
  if (!title) errors.push({ field: 'title', code: 'title.empty', message: '请填写标题' });
  if (!body.text && body.imageIds.length === 0)
    errors.push({ field: 'body', code: 'body.empty', message: '请填写正文' });
  if (errors.length > 0) throw HallError.validation(errors);
  await checkAttachments(tx, station, [
    { field: 'attachmentIds', ids: attachmentIds },
    { field: 'body', ids: body.imageIds, images: true },
  ]);
  return {
    title,
    body: body.html,
    bodyText: body.text,
    imageIds: body.imageIds,
    attachmentIds,
    search: weightedVector([
      [words(title), 'A'],
      [words(body.text), 'B'],
    ]),
  };
}

export async function createNotice(
  tx: Tx,
  ctx: ChangeContext,
  input: NoticeInput,
): Promise<NoticeView> {
  const fields = await prepare(tx, ctx.station, input);
  const id = uuidv7();
  const [row] = await tx
    .insert(notices)
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
  await audit(tx, ctx, 'publicity.notice.created', { kind: 'notice', id }, { title: fields.title });
  return view(tx, row!);
}

/** The notice at the revision the editor saw, locked for the change; 404 or 409 otherwise. */
async function lockAt(tx: Tx, station: string, id: string, revision: number): Promise<NoticeRow> {
  const [row] = await tx
    .select()
    .from(notices)
    .where(and(eq(notices.station, station), eq(notices.id, id)))
    .for('update');
  if (!row) throw HallError.notFound('公告不存在');
  if (row.revision !== revision) throw editConflict();
  return row;
}

export async function updateNotice(
  tx: Tx,
  ctx: ChangeContext,
  id: string,
  revision: number,
  input: NoticeInput,
): Promise<NoticeView> {
  await lockAt(tx, ctx.station, id, revision);
  const fields = await prepare(tx, ctx.station, input);
  const [row] = await tx
    .update(notices)
    .set({ ...fields, revision: revision + 1, updatedAt: ctx.now, updatedBy: ctx.actor.id })
    .where(and(eq(notices.station, ctx.station), eq(notices.id, id)))
    .returning();
  await audit(tx, ctx, 'publicity.notice.updated', { kind: 'notice', id }, { title: fields.title });
  return view(tx, row!);
}

export async function deleteNotice(
  tx: Tx,
  ctx: ChangeContext,
  id: string,
  revision: number,
): Promise<void> {
  const row = await lockAt(tx, ctx.station, id, revision);
  if (row.status === 'published')
    throw HallError.conflict('state_conflict', '已发布的公告须先撤回才能删除');
  await tx.delete(notices).where(and(eq(notices.station, ctx.station), eq(notices.id, id)));
  await audit(tx, ctx, 'publicity.notice.deleted', { kind: 'notice', id }, { title: row.title });
}

const ACTIONS: Record<
  NoticeAction,
  {
    allowed: (row: NoticeRow) => boolean;
    refusal: string;
    set: (ctx: ChangeContext) => Partial<NoticeRow>;
    event:
      | 'publicity.notice.published'
      | 'publicity.notice.unpublished'
      | 'publicity.notice.pinned'
      | 'publicity.notice.unpinned';
  }
> = {
  publish: {
    allowed: (r) => r.status === 'draft',
    refusal: '公告已发布',
    set: (ctx) => ({ status: 'published', publishedAt: ctx.now }),
    event: 'publicity.notice.published',
  },
  unpublish: {
    allowed: (r) => r.status === 'published',
    refusal: '公告未发布',
    set: () => ({ status: 'draft' }),
    event: 'publicity.notice.unpublished',
  },
  pin: {
    allowed: (r) => !r.pinned,
    refusal: '公告已置顶',
    set: () => ({ pinned: true }),
    event: 'publicity.notice.pinned',
  },
  unpin: {
    allowed: (r) => r.pinned,
    refusal: '公告未置顶',
    set: () => ({ pinned: false }),
    event: 'publicity.notice.unpinned',
  },
};

/** 发布, 撤回, 置顶, 取消置顶: 409 `state_conflict` when it would change nothing. */
export async function actOnNotice(
  tx: Tx,
  ctx: ChangeContext,
  id: string,
  revision: number,
  action: NoticeAction,
): Promise<NoticeView> {
  const step = ACTIONS[action];
  const row = await lockAt(tx, ctx.station, id, revision);
  if (!step.allowed(row)) throw HallError.conflict('state_conflict', step.refusal);
  const [updated] = await tx
    .update(notices)
    .set({ ...step.set(ctx), revision: revision + 1, updatedAt: ctx.now, updatedBy: ctx.actor.id })
    .where(and(eq(notices.station, ctx.station), eq(notices.id, id)))
    .returning();
  await audit(tx, ctx, step.event, { kind: 'notice', id }, { title: row.title });
  return view(tx, updated!);
}

function matching(station: string, q: string | undefined, status?: PublicationState): SQL {
  const tsquery = q ? toTsquery(q) : null;
  return and(
    eq(notices.station, station),
    status ? eq(notices.status, status) : undefined,
    tsquery ? sql`${notices.search} @@ ${tsquery}::tsquery` : undefined,
  )!;
}

const publicOrder = [desc(notices.pinned), desc(notices.publishedAt), desc(notices.id)];

async function page(
  tx: Executor,
  where: SQL,
  order: SQL[],
  { page, pageSize }: Paging,
): Promise<Paged<NoticeSummary>> {
  const [rows, [{ n } = { n: 0 }]] = await Promise.all([
    tx
      .select()
      .from(notices)
      .where(where)
      .orderBy(...order)
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    tx.select({ n: count() }).from(notices).where(where),
  ]);
  return { items: rows.map(summary), total: n, page, pageSize };
}

/** The console's list: every notice of the station, drafts included, latest change first. */
export function staffNotices(
  tx: Executor,
  station: string,
  filters: { status?: PublicationState; q?: string },
  paging: Paging,
): Promise<Paged<NoticeSummary>> {
  return page(
    tx,
    matching(station, filters.q, filters.status),
    [desc(notices.updatedAt), desc(notices.id)],
    paging,
  );
}

export async function staffNotice(tx: Executor, station: string, id: string): Promise<NoticeView> {
  const [row] = await tx
    .select()
    .from(notices)
    .where(and(eq(notices.station, station), eq(notices.id, id)));
  if (!row) throw HallError.notFound('公告不存在');
  return view(tx, row);
}

const publicSummary = (s: NoticeSummary): PublicNoticeSummary => ({
  id: s.id,
  title: s.title,
  excerpt: s.excerpt,
  pinned: s.pinned,
  attachmentCount: s.attachmentCount,
  publishedAt: s.publishedAt,
});

/** 通知公告 for the public: published only, pinned first, then newest. */
export async function publishedNotices(
  tx: Executor,
  station: string,
  q: string | undefined,
  paging: Paging,
): Promise<Paged<PublicNoticeSummary>> {
  const result = await page(tx, matching(station, q, 'published'), publicOrder, paging);
  return { ...result, items: result.items.map(publicSummary) };
}

/** The home page's notices: the `limit` first of the public list. */
export async function latestNotices(
  tx: Executor,
  station: string,
  limit: number,
): Promise<PublicNoticeSummary[]> {
  const rows = await tx
    .select()
    .from(notices)
    .where(matching(station, undefined, 'published'))
    .orderBy(...publicOrder)
    .limit(limit);
  return rows.map((r) => publicSummary(summary(r)));
}

export async function publishedNotice(
  tx: Executor,
  station: string,
  id: string,
): Promise<PublicNotice> {
  const [row] = await tx
    .select()
    .from(notices)
    .where(and(eq(notices.station, station), eq(notices.id, id), eq(notices.status, 'published')));
  if (!row) throw HallError.notFound('公告不存在');
  const full = await view(tx, row);
  return {
    id: full.id,
    station: full.station,
    title: full.title,
    body: full.body,
    pinned: full.pinned,
    attachments: full.attachments,
    publishedAt: full.publishedAt,
    updatedAt: full.updatedAt,
  };
}
