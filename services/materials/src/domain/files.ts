import { HallError, type Executor, type Tx } from '@hall/platform';
import { and, count, desc, eq, ilike, inArray, isNull, sql } from 'drizzle-orm';
import { files, type FileRow } from '../db/schema';
import type { Owner } from './deps';
import type { FileType } from './file-types';

/** A stored file as clients see it. */
export interface FileInfo {
  id: string;
  name: string;
  mediaType: string;
  extension: FileType;
  size: number;
  sha256: string;
  uploadedAt: string;
}

export function fileInfo(row: FileRow): FileInfo {
  return {
    id: row.id,
    name: row.name,
    mediaType: row.mediaType ?? '',
    extension: row.extension as FileType,
    size: row.size,
    sha256: row.sha256 ?? '',
    uploadedAt: (row.uploadedAt ?? row.createdAt).toISOString(),
  };
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const fileNotFound = () => HallError.notFound('文件不存在或已删除');

const ownedBy = (owner: Owner) => and(eq(files.ownerKind, owner.kind), eq(files.ownerId, owner.id));

/** In the library: stored and not deleted from it. */
const inLibrary = and(eq(files.state, 'stored'), isNull(files.deletedAt));

/** Bytes of the owner's library, which the quota limits. */
export async function usedBytes(tx: Executor, owner: Owner): Promise<number> {
  const [row] = await tx
    .select({ used: sql<string>`coalesce(sum(${files.size}), 0)` })
    .from(files)
    .where(and(ownedBy(owner), inLibrary));
  return Number(row?.used ?? 0);
}

/**
 * Serialise the owner's uploads until the transaction ends, so that the quota check and the
 * commit of one upload cannot interleave with another's.
 */
export async function lockOwner(tx: Tx, owner: Owner): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtext('materials.owner'), hashtext(${`${owner.kind}:${owner.id}`}))`,
  );
}

/** The row of an upload about to stream: invisible everywhere until committed as stored. */
export async function insertPending(
  tx: Executor,
  owner: Owner,
  input: { id: string; name: string; extension: string; now: Date },
): Promise<void> {
  await tx.insert(files).values({
    id: input.id,
    ownerKind: owner.kind,
    ownerId: owner.id,
    name: input.name,
    extension: input.extension,
    state: 'pending',
    createdAt: input.now,
  });
}

/** Mark a pending upload stored; null when the sweep removed it meanwhile. */
export async function markStored(
  tx: Executor,
  id: string,
  input: {
    name: string;
    type: FileType;
    mediaType: string;
    size: number;
    sha256: string;
    now: Date;
  },
): Promise<FileRow | null> {
  const [row] = await tx
    .update(files)
    .set({
      state: 'stored',
      name: input.name,
      extension: input.type,
      mediaType: input.mediaType,
      size: input.size,
      sha256: input.sha256,
      uploadedAt: input.now,
    })
    .where(and(eq(files.id, id), eq(files.state, 'pending')))
    .returning();
  return row ?? null;
}

export async function deletePending(tx: Executor, id: string): Promise<void> {
  await tx.delete(files).where(and(eq(files.id, id), eq(files.state, 'pending')));
}

/** A stored file by id (deleted from the library or not); null for anything else. */
export async function storedFile(tx: Executor, id: string): Promise<FileRow | null> {
  if (!UUID.test(id)) return null;
  const [row] = await tx
    .select()
    .from(files)
    .where(and(eq(files.id, id), eq(files.state, 'stored')));
  return row ?? null;
}

export interface LibraryQuery {
  page: number;
  pageSize: number;
  q?: string | undefined;
  type?: FileType | undefined;
}

/** `%`, `_` and the escape character itself are literal in a keyword. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The owner's library (资料库), newest first. */
export async function listLibrary(tx: Executor, owner: Owner, query: LibraryQuery) {
  const keyword = query.q?.trim();
  const where = and(
    ownedBy(owner),
    inLibrary,
    keyword ? ilike(files.name, likePattern(keyword)) : undefined,
    query.type ? eq(files.extension, query.type) : undefined,
  );
  const rows = await tx
    .select()
    .from(files)
    .where(where)
    .orderBy(desc(files.uploadedAt), desc(files.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const [total] = await tx.select({ n: count() }).from(files).where(where);
  return { items: rows.map(fileInfo), total: total?.n ?? 0 };
}

/** A file of the owner's library, locked for a change; 404 otherwise. */
async function libraryFile(tx: Tx, owner: Owner, id: string): Promise<FileRow> {
  if (!UUID.test(id)) throw fileNotFound();
  const [row] = await tx
    .select()
    .from(files)
    .where(and(eq(files.id, id), ownedBy(owner), inLibrary))
    .for('update');
  if (!row) throw fileNotFound();
  return row;
}

export async function renameFile(
  tx: Tx,
  owner: Owner,
  id: string,
  name: (type: FileType) => string,
): Promise<FileInfo> {
  const row = await libraryFile(tx, owner, id);
  const [updated] = await tx
    .update(files)
    .set({ name: name(row.extension as FileType) })
    .where(eq(files.id, row.id))
    .returning();
  return fileInfo(updated!);
}

/** Delete from the library: hidden at once; the sweep purges it later unless an application uses it. */
export async function deleteFromLibrary(
  tx: Tx,
  owner: Owner,
  id: string,
  now: Date,
): Promise<void> {
  const row = await libraryFile(tx, owner, id);
  await tx.update(files).set({ deletedAt: now }).where(eq(files.id, row.id));
}

/**
 * The stored files of `owner` with these ids, in the order asked (deleted from the library or
 * not). Throws not_found when any id is not one, without telling which.
 */
export async function ownedFiles(tx: Executor, owner: Owner, ids: string[]): Promise<FileRow[]> {
  if (ids.length === 0) return [];
  const notFound = () => HallError.notFound('材料文件不存在');
  if (!ids.every((id) => UUID.test(id))) throw notFound();
  const wanted = ids.map((id) => id.toLowerCase());
  const rows = await tx
    .select()
    .from(files)
    .where(and(inArray(files.id, [...new Set(wanted)]), ownedBy(owner), eq(files.state, 'stored')));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return wanted.map((id) => {
    const row = byId.get(id);
    if (!row) throw notFound();
    return row;
  });
}
