import { HallError, type FieldError, type Tx } from '@hall/platform';
import { and, asc, desc, eq, ilike, inArray, isNotNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { attachments, departments, itemVersions, items } from '../db/schema';
import { audit } from './audit';
import { checkDefinition, type ItemDefinition } from './definition';
import type { ChangeContext } from './deps';
import { enqueueItemPublished, enqueueItemWithdrawn, itemSummary } from './events';
import { isUniqueViolation } from './fields';
import { projectionOf, refreshSearch } from './projection';

export type ItemRow = typeof items.$inferSelect;
export type ItemVersionRow = typeof itemVersions.$inferSelect;
export type ItemStatus = ItemRow['status'];

/** An item as staff see it in lists. */
export interface ItemHead {
  id: string;
  station: string;
  name: string;
  implCode: string;
  departmentId: string;
  parentId: string | null;
  powerType: string;
  status: ItemStatus;
  publishedVersion: number | null;
  draftVersion: number | null;
  /** Send it back as If-Match when changing the item: a stale one is refused (409). */
  revision: number;
  publishedAt: string | null;
  updatedAt: string;
}

export const itemHead = (row: ItemRow): ItemHead => ({
  id: row.id,
  station: row.station,
  name: row.name,
  implCode: row.implCode,
  departmentId: row.departmentId,
  parentId: row.parentId,
  powerType: row.powerType,
  status: row.status,
  publishedVersion: row.publishedVersion,
  draftVersion: row.draftVersion,
  revision: row.revision,
  publishedAt: row.publishedAt?.toISOString() ?? null,
  updatedAt: row.updatedAt.toISOString(),
});

/** Options of a change: the revision the editor loaded, when the caller checks for conflicts. */
export interface ChangeOptions {
  revision?: number | undefined;
}

// ------------------------------------------------------------------ validation

/**
 * The definition's shape and field rules, then the rules that need the station's data: the
 * department exists and is enabled, the parent is a top-level item, the 实施编码 is not used
 * by another item (published or in a draft), the attachments exist. Throws a 400 with every
 * offending field.
 */
export async function validateDefinition(
  tx: Tx,
  station: string,
  itemId: string | null,
  input: unknown,
): Promise<ItemDefinition> {
  const shapeErrors = checkDefinition(input);
  if (shapeErrors.length > 0) throw HallError.validation(shapeErrors);
  const def = input as ItemDefinition;
  const errors: FieldError[] = [];
  const add = (field: string, code: string, message: string) =>
    errors.push({ field, code, message });

  const [department] = await tx
    .select({ enabled: departments.enabled })
    .from(departments)
    .where(and(eq(departments.station, station), eq(departments.id, def.departmentId)));
  if (!department) add('departmentId', 'item.department_unknown', '实施主体不存在');
  else if (!department.enabled)
    add('departmentId', 'item.department_disabled', '实施主体已停用，请选择启用的部门');

  if (def.parentId !== null) {
    if (def.parentId === itemId) {
      add('parentId', 'item.parent_self', '不能将事项自身设为父事项');
    } else {
      const [parent] = await tx
        .select({ parentId: items.parentId })
        .from(items)
        .where(and(eq(items.station, station), eq(items.id, def.parentId)));
      if (!parent) add('parentId', 'item.parent_unknown', '父事项不存在');
      else if (parent.parentId !== null)
        add('parentId', 'item.parent_not_top_level', '父事项须为顶层事项，子事项下不能再设子事项');
      else if (itemId) {
        // Only one level: an item with sub-items cannot become a sub-item itself.
        const [child] = await tx
          .select({ id: items.id })
          .from(items)
          .where(and(eq(items.station, station), eq(items.parentId, itemId)))
          .limit(1);
        if (child)
          add('parentId', 'item.has_sub_items', '该事项已有子事项，不能再设为其他事项的子事项');
      }
    }
  }

  const sameCode = await tx
    .select({ id: items.id })
    .from(items)
    .where(
      and(
        eq(items.station, station),
        eq(items.implCode, def.implCode),
        itemId ? ne(items.id, itemId) : undefined,
      ),
    )
    .limit(1);
  const sameCodeInDraft =
    sameCode.length > 0
      ? sameCode
      : await tx
          .select({ id: itemVersions.itemId })
          .from(itemVersions)
          .where(
            and(
              eq(itemVersions.station, station),
              eq(itemVersions.state, 'draft'),
              sql`(${itemVersions.definition} ->> 'implCode') = ${def.implCode}`,
              itemId ? ne(itemVersions.itemId, itemId) : undefined,
            ),
          )
          .limit(1);
  if (sameCodeInDraft.length > 0)
    add('implCode', 'item.impl_code_taken', '该实施编码已被本站点的其他事项使用');

  const referenced = def.materials.flatMap((m, i) => [
    ...(m.blankFormId
      ? [{ id: m.blankFormId.toLowerCase(), field: `materials/${i}/blankFormId` }]
      : []),
    ...(m.sampleId ? [{ id: m.sampleId.toLowerCase(), field: `materials/${i}/sampleId` }] : []),
  ]);
  if (referenced.length > 0) {
    const found = await tx
      .select({ id: attachments.id })
      .from(attachments)
      .where(
        and(
          eq(attachments.station, station),
          inArray(
            attachments.id,
            referenced.map((r) => r.id),
          ),
        ),
      );
    const known = new Set(found.map((f) => f.id));
    for (const r of referenced)
      if (!known.has(r.id)) add(r.field, 'material.attachment_unknown', '附件不存在，请重新上传');
  }

  if (errors.length > 0) throw HallError.validation(errors);
  return def;
}

// ------------------------------------------------------------------ reads

/** The item's row, locked for the rest of the transaction when it is about to change. */
async function headFor(
  tx: Tx,
  station: string,
  id: string,
  options: { lock?: boolean } = {},
): Promise<ItemRow> {
  const query = tx
    .select()
    .from(items)
    .where(and(eq(items.station, station), eq(items.id, id)));
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) throw HallError.notFound('事项不存在');
  return row;
}

async function versionOf(tx: Tx, station: string, id: string, version: number) {
  const [row] = await tx
    .select()
    .from(itemVersions)
    .where(
      and(
        eq(itemVersions.station, station),
        eq(itemVersions.itemId, id),
        eq(itemVersions.version, version),
      ),
    );
  return row ?? null;
}

function checkRevision(row: ItemRow, options: ChangeOptions): void {
  if (options.revision !== undefined && options.revision !== row.revision) {
    throw HallError.conflict('edit_conflict', '该事项已被他人修改，请刷新页面后重新编辑', {
      detail: `当前修订号为 ${row.revision}`,
    });
  }
}

export interface VersionInfo {
  version: number;
  state: ItemVersionRow['state'];
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  supersededAt: string | null;
  /** Staff ids: who created, last saved and published the version (the console's 版本记录). */
  createdBy: string | null;
  updatedBy: string | null;
  publishedBy: string | null;
}

export interface AdminItem extends ItemHead {
  draft: { version: number; definition: ItemDefinition; updatedAt: string } | null;
  published: { version: number; definition: ItemDefinition; publishedAt: string | null } | null;
  versions: VersionInfo[];
}

/** Head, current draft, published definition and every version of an item (staff). */
export async function getAdminItem(tx: Tx, station: string, id: string): Promise<AdminItem> {
  const head = await headFor(tx, station, id);
  const versions = await tx
    .select()
    .from(itemVersions)
    .where(and(eq(itemVersions.station, station), eq(itemVersions.itemId, id)))
    .orderBy(desc(itemVersions.version));
  const draft = versions.find((v) => v.version === head.draftVersion && v.state === 'draft');
  const published = versions.find((v) => v.version === head.publishedVersion);
  return {
    ...itemHead(head),
    draft: draft
      ? {
          version: draft.version,
          definition: draft.definition,
          updatedAt: draft.updatedAt.toISOString(),
        }
      : null,
    published: published
      ? {
          version: published.version,
          definition: published.definition,
          publishedAt: published.publishedAt?.toISOString() ?? null,
        }
      : null,
    versions: versions.map((v) => ({
      version: v.version,
      state: v.state,
      createdAt: v.createdAt.toISOString(),
      updatedAt: v.updatedAt.toISOString(),
      publishedAt: v.publishedAt?.toISOString() ?? null,
      supersededAt: v.supersededAt?.toISOString() ?? null,
      createdBy: v.createdBy,
      updatedBy: v.updatedBy,
      publishedBy: v.publishedBy,
    })),
  };
}

export interface AdminListFilters {
  /** An item status, or `changed`: published or withdrawn with an unpublished draft. */
  status?: ItemStatus | 'changed' | undefined;
  department?: string | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

/** Every item of the station with its status and versions, newest change first (staff). */
export async function listAdminItems(
  tx: Tx,
  station: string,
  filters: AdminListFilters,
): Promise<{ items: ItemHead[]; total: number; page: number; pageSize: number }> {
  const conditions: Array<SQL | undefined> = [eq(items.station, station)];
  if (filters.status === 'changed')
    conditions.push(ne(items.status, 'draft'), isNotNull(items.draftVersion));
  else if (filters.status) conditions.push(eq(items.status, filters.status));
  if (filters.department) conditions.push(eq(items.departmentId, filters.department));
  const q = filters.q?.trim();
  if (q) {
    const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(items.name, pattern), ilike(items.implCode, pattern)));
  }
  const where = and(...conditions);
  const rows = await tx
    .select()
    .from(items)
    .where(where)
    .orderBy(desc(items.updatedAt), asc(items.id))
    .limit(filters.pageSize)
    .offset((filters.page - 1) * filters.pageSize);
  const [count] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(items)
    .where(where);
  return {
    items: rows.map(itemHead),
    total: count?.n ?? 0,
    page: filters.page,
    pageSize: filters.pageSize,
  };
}

// ------------------------------------------------------------------ changes

/** Create an item and its first draft (version 1) from a definition. */
export async function createItem(tx: Tx, ctx: ChangeContext, input: unknown): Promise<ItemHead> {
  const def = await validateDefinition(tx, ctx.station, null, input);
  const id = uuidv7();
  let row: ItemRow;
  try {
    [row] = (await tx
      .insert(items)
      .values({
        id,
        station: ctx.station,
        ...projectionOf(def),
        status: 'draft',
        draftVersion: 1,
        lastVersion: 1,
        revision: 1,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning()) as [ItemRow];
  } catch (err) {
    if (isUniqueViolation(err, 'items_station_impl_code_key')) throw implCodeTaken();
    throw err;
  }
  await tx.insert(itemVersions).values({
    itemId: id,
    version: 1,
    station: ctx.station,
    state: 'draft',
    definition: def,
    createdBy: ctx.actor.id,
    updatedBy: ctx.actor.id,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  });
  await refreshSearch(tx, ctx.station, [id]);
  await audit(
    tx,
    ctx,
    'catalog.item.created',
    { kind: 'item', id },
    {
      implCode: def.implCode,
      name: def.name,
    },
  );
  return itemHead(row);
}

function implCodeTaken(): HallError {
  return HallError.validation([
    {
      field: 'implCode',
      code: 'item.impl_code_taken',
      message: '该实施编码已被本站点的其他事项使用',
    },
  ]);
}

/**
 * Replace the item's draft with `input`; when it has none (it is published or withdrawn), a new
 * draft version is created. The published version never changes.
 */
export async function saveDraft(
  tx: Tx,
  ctx: ChangeContext,
  id: string,
  input: unknown,
  options: ChangeOptions = {},
): Promise<ItemHead> {
  const head = await headFor(tx, ctx.station, id, { lock: true });
  checkRevision(head, options);
  const def = await validateDefinition(tx, ctx.station, id, input);
  let draftVersion = head.draftVersion;
  let lastVersion = head.lastVersion;
  if (draftVersion !== null) {
    await tx
      .update(itemVersions)
      .set({ definition: def, updatedBy: ctx.actor.id, updatedAt: ctx.now })
      .where(
        and(
          eq(itemVersions.station, ctx.station),
          eq(itemVersions.itemId, id),
          eq(itemVersions.version, draftVersion),
        ),
      );
  } else {
    draftVersion = lastVersion = head.lastVersion + 1;
    await tx.insert(itemVersions).values({
      itemId: id,
      version: draftVersion,
      station: ctx.station,
      state: 'draft',
      definition: def,
      createdBy: ctx.actor.id,
      updatedBy: ctx.actor.id,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    });
  }
  // Until its first publication an item's projection follows its draft (staff lists show it).
  let row: ItemRow;
  try {
    [row] = (await tx
      .update(items)
      .set({
        ...(head.status === 'draft' ? projectionOf(def) : {}),
        draftVersion,
        lastVersion,
        revision: head.revision + 1,
        updatedAt: ctx.now,
      })
      .where(and(eq(items.station, ctx.station), eq(items.id, id)))
      .returning()) as [ItemRow];
  } catch (err) {
    if (isUniqueViolation(err, 'items_station_impl_code_key')) throw implCodeTaken();
    throw err;
  }
  if (head.status === 'draft') await refreshSearch(tx, ctx.station, [id]);
  await audit(tx, ctx, 'catalog.draft.saved', { kind: 'item', id }, { version: draftVersion });
  return itemHead(row);
}

/** Throw away the draft; the published version stays as it is. */
export async function discardDraft(
  tx: Tx,
  ctx: ChangeContext,
  id: string,
  options: ChangeOptions = {},
): Promise<ItemHead> {
  const head = await headFor(tx, ctx.station, id, { lock: true });
  checkRevision(head, options);
  if (head.draftVersion === null) throw HallError.conflict('no_draft', '该事项没有草稿');
  if (head.publishedVersion === null)
    throw HallError.conflict('draft_only_version', '该事项尚未发布过，不能放弃它唯一的草稿');
  await tx
    .delete(itemVersions)
    .where(
      and(
        eq(itemVersions.station, ctx.station),
        eq(itemVersions.itemId, id),
        eq(itemVersions.version, head.draftVersion),
        eq(itemVersions.state, 'draft'),
      ),
    );
  const [row] = (await tx
    .update(items)
    .set({ draftVersion: null, revision: head.revision + 1, updatedAt: ctx.now })
    .where(and(eq(items.station, ctx.station), eq(items.id, id)))
    .returning()) as [ItemRow];
  await audit(
    tx,
    ctx,
    'catalog.draft.discarded',
    { kind: 'item', id },
    {
      version: head.draftVersion,
    },
  );
  return itemHead(row);
}

/**
 * Publish the draft: it becomes the published version, the previous published version is
 * superseded, the browse projection follows and `ItemPublished` is emitted. A withdrawn item
 * without a draft is listed again with its last published version.
 */
export async function publishItem(
  tx: Tx,
  ctx: ChangeContext,
  id: string,
  options: ChangeOptions = {},
): Promise<ItemHead> {
  const head = await headFor(tx, ctx.station, id, { lock: true });
  checkRevision(head, options);
  const version = head.draftVersion ?? (head.status === 'withdrawn' ? head.publishedVersion : null);
  if (version === null)
    throw HallError.conflict(
      'no_draft',
      head.status === 'published' ? '该事项已发布，没有待发布的草稿' : '没有可发布的草稿',
    );
  const draft = await versionOf(tx, ctx.station, id, version);
  if (!draft) throw HallError.notFound('事项版本不存在');
  // Rules may have changed since the draft was saved (a department disabled, a code taken).
  const def = await validateDefinition(tx, ctx.station, id, draft.definition);
  if (def.parentId !== null) {
    const [parent] = await tx
      .select({ status: items.status })
      .from(items)
      .where(and(eq(items.station, ctx.station), eq(items.id, def.parentId)));
    if (parent?.status !== 'published')
      throw HallError.conflict('parent_not_published', '父事项尚未发布，请先发布父事项', {
        errors: [
          { field: 'parentId', code: 'item.parent_not_published', message: '父事项尚未发布' },
        ],
      });
  }

  // A withdrawn item's last published version is superseded too when a new draft replaces it.
  const previous = head.publishedVersion !== version ? head.publishedVersion : null;
  if (previous !== null) {
    await tx
      .update(itemVersions)
      .set({ state: 'superseded', supersededAt: ctx.now })
      .where(
        and(
          eq(itemVersions.station, ctx.station),
          eq(itemVersions.itemId, id),
          eq(itemVersions.version, previous),
        ),
      );
  }
  if (draft.state === 'draft') {
    await tx
      .update(itemVersions)
      .set({ state: 'published', publishedBy: ctx.actor.id, publishedAt: ctx.now })
      .where(
        and(
          eq(itemVersions.station, ctx.station),
          eq(itemVersions.itemId, id),
          eq(itemVersions.version, version),
        ),
      );
  }
  let row: ItemRow;
  try {
    [row] = (await tx
      .update(items)
      .set({
        ...projectionOf(def),
        status: 'published',
        publishedVersion: version,
        draftVersion: null,
        revision: head.revision + 1,
        publishedAt: ctx.now,
        updatedAt: ctx.now,
      })
      .where(and(eq(items.station, ctx.station), eq(items.id, id)))
      .returning()) as [ItemRow];
  } catch (err) {
    if (isUniqueViolation(err, 'items_station_impl_code_key')) throw implCodeTaken();
    throw err;
  }
  // This item's words, and the parents whose sub-item names changed.
  await refreshSearch(
    tx,
    ctx.station,
    [id, head.parentId, def.parentId].filter((x): x is string => x !== null),
  );
  const [department] = await tx
    .select({ name: departments.name })
    .from(departments)
    .where(and(eq(departments.station, ctx.station), eq(departments.id, def.departmentId)));
  await enqueueItemPublished(
    tx,
    ctx,
    itemSummary(ctx.station, id, version, def, department?.name ?? ''),
    previous,
  );
  await audit(
    tx,
    ctx,
    'catalog.item.published',
    { kind: 'item', id },
    {
      version,
      previousVersion: previous,
    },
  );
  return itemHead(row);
}

/** 下架: no longer listed or applicable; its versions stay readable for existing applications. */
export async function withdrawItem(
  tx: Tx,
  ctx: ChangeContext,
  id: string,
  options: ChangeOptions = {},
): Promise<ItemHead> {
  const head = await headFor(tx, ctx.station, id, { lock: true });
  checkRevision(head, options);
  if (head.status !== 'published' || head.publishedVersion === null)
    throw HallError.conflict('not_published', '该事项未发布，无需下架');
  const [row] = (await tx
    .update(items)
    .set({ status: 'withdrawn', revision: head.revision + 1, updatedAt: ctx.now })
    .where(and(eq(items.station, ctx.station), eq(items.id, id)))
    .returning()) as [ItemRow];
  if (head.parentId) await refreshSearch(tx, ctx.station, [head.parentId]);
  await enqueueItemWithdrawn(tx, ctx, id, head.publishedVersion);
  await audit(
    tx,
    ctx,
    'catalog.item.withdrawn',
    { kind: 'item', id },
    {
      version: head.publishedVersion,
    },
  );
  return itemHead(row);
}
