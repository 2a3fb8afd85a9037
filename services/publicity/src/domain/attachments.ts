import { createHash } from 'node:crypto';
import { HallError, type Executor, type Tx } from '@hall/platform';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { attachments, notices, publicityEntries } from '../db/schema';
import { audit } from './audit';
import { shanghaiDay } from './dates';
import type { ChangeContext } from './deps';

/** What attachments may be, by extension; the content type is ours, not the client's. */
export const attachmentTypes: Record<
  string,
  { contentType: string; magic: number[][]; image?: boolean }
> = {
  pdf: { contentType: 'application/pdf', magic: [[0x25, 0x50, 0x44, 0x46]] },
  doc: { contentType: 'application/msword', magic: [[0xd0, 0xcf, 0x11, 0xe0]] },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    magic: [[0x50, 0x4b, 0x03, 0x04]],
  },
  xls: { contentType: 'application/vnd.ms-excel', magic: [[0xd0, 0xcf, 0x11, 0xe0]] },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    magic: [[0x50, 0x4b, 0x03, 0x04]],
  },
  zip: { contentType: 'application/zip', magic: [[0x50, 0x4b, 0x03, 0x04]] },
  jpg: { contentType: 'image/jpeg', magic: [[0xff, 0xd8, 0xff]], image: true },
  jpeg: { contentType: 'image/jpeg', magic: [[0xff, 0xd8, 0xff]], image: true },
  png: { contentType: 'image/png', magic: [[0x89, 0x50, 0x4e, 0x47]], image: true },
  gif: { contentType: 'image/gif', magic: [[0x47, 0x49, 0x46, 0x38]], image: true },
};

export const allowedExtensions = Object.keys(attachmentTypes);
const imageContentTypes = [
  ...new Set(
    Object.values(attachmentTypes)
      .filter((t) => t.image)
      .map((t) => t.contentType),
  ),
];

export interface AttachmentView {
  id: string;
  station: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  /** The public download (answers once a published notice or visible entry refers to it). */
  url: string;
  createdAt: string;
}

type AttachmentRow = Omit<typeof attachments.$inferSelect, 'content'>;

const columns = {
  id: attachments.id,
  station: attachments.station,
  fileName: attachments.fileName,
  contentType: attachments.contentType,
  size: attachments.size,
  sha256: attachments.sha256,
  uploadedBy: attachments.uploadedBy,
  createdAt: attachments.createdAt,
};

export function attachmentView(row: AttachmentRow): AttachmentView {
  return {
    id: row.id,
    station: row.station,
    fileName: row.fileName,
    contentType: row.contentType,
    size: row.size,
    sha256: row.sha256,
    url: `/stations/${row.station}/attachments/${row.id}`,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A file name safe to store and to send back: no path, no control characters, not too long. */
function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return cleaned.length > 120 ? cleaned.slice(cleaned.length - 120) : cleaned;
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/** Store an uploaded file after checking its name, type and content; audited. */
export async function storeAttachment(
  tx: Tx,
  ctx: ChangeContext,
  input: { fileName: string; content: Buffer },
): Promise<AttachmentView> {
  const fileName = cleanFileName(input.fileName);
  const type = attachmentTypes[extensionOf(fileName)];
  if (!fileName || !type)
    throw new HallError(415, 'attachment_type_not_allowed', '文件类型不允许', {
      detail: `允许的类型：${allowedExtensions.join('、')}`,
      errors: [
        {
          field: 'file',
          code: 'attachment.type',
          message: `仅允许上传 ${allowedExtensions.join('、')} 文件`,
        },
      ],
    });
  if (input.content.length === 0)
    throw HallError.validation([{ field: 'file', code: 'attachment.empty', message: '文件为空' }]);
  if (!type.magic.some((m) => m.every((byte, i) => input.content[i] === byte)))
    throw new HallError(415, 'attachment_content_mismatch', '文件内容与扩展名不符', {
      errors: [
        { field: 'file', code: 'attachment.content', message: '文件内容与扩展名不符，请检查文件' },
      ],
    });
  const id = uuidv7();
  const sha256 = createHash('sha256').update(input.content).digest('hex');
  const [row] = await tx
    .insert(attachments)
    .values({
      id,
      station: ctx.station,
      fileName,
      contentType: type.contentType,
      size: input.content.length,
      sha256,
      content: input.content,
      uploadedBy: ctx.actor.id,
      createdAt: ctx.now,
    })
    .returning(columns);
  await audit(
    tx,
    ctx,
    'publicity.attachment.uploaded',
    { kind: 'attachment', id },
    { fileName, size: input.content.length, sha256 },
  );
  return attachmentView(row!);
}

/** Attachments of the station by id, in the order asked; unknown ids are left out. */
export async function attachmentsByIds(
  tx: Executor,
  station: string,
  ids: readonly string[],
): Promise<AttachmentView[]> {
  if (ids.length === 0) return [];
  const rows = await tx
    .select(columns)
    .from(attachments)
    .where(and(eq(attachments.station, station), inArray(attachments.id, [...ids])));
  const byId = new Map(rows.map((r) => [r.id, attachmentView(r)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * Check that every attachment (and every image) a notice or entry refers to is the station's
 * own upload — and that images are images. Field errors name each one that is not.
 */
export async function checkAttachments(
  tx: Executor,
  station: string,
  refs: { field: string; ids: readonly string[]; images?: boolean }[],
): Promise<void> {
  const all = [...new Set(refs.flatMap((r) => r.ids))];
  const known = new Map(
    (await attachmentsByIds(tx, station, all)).map((a) => [a.id, a.contentType]),
  );
  const errors = refs.flatMap((r) =>
    r.ids.flatMap((id, i) => {
      const type = known.get(id);
      if (!type)
        return [
          { field: r.field, code: 'attachment.unknown', message: `附件不存在（第${i + 1}个）` },
        ];
      if (r.images && !imageContentTypes.includes(type))
        return [
          { field: r.field, code: 'attachment.not_image', message: '正文中的图片须为图片文件' },
        ];
      return [];
    }),
  );
  if (errors.length > 0) throw HallError.validation(errors);
}

export interface StoredFile extends AttachmentView {
  content: Uint8Array;
}

/** Any attachment of the station, for its staff. */
export async function staffFile(tx: Executor, station: string, id: string): Promise<StoredFile> {
  const [row] = await tx
    .select()
    .from(attachments)
    .where(and(eq(attachments.station, station), eq(attachments.id, id)));
  if (!row) throw HallError.notFound('附件不存在');
  return { ...attachmentView(row), content: row.content };
}

/**
 * An attachment the public may download: one a published notice shows or lists, or the details
 * file of a published entry whose 公示期 has begun. Anything else answers 404, as if it did not
 * exist (drafts' files stay private).
 */
export async function publicFile(
  tx: Executor,
  station: string,
  id: string,
  now: Date,
): Promise<StoredFile> {
  const today = shanghaiDay(now);
  const [row] = await tx
    .select()
    .from(attachments)
    .where(
      and(
        eq(attachments.station, station),
        eq(attachments.id, id),
        sql`(exists (select 1 from ${notices} n where n.station = ${station} and n.status = 'published'
               and (${id}::uuid = any(n.attachment_ids) or ${id}::uuid = any(n.image_ids)))
          or exists (select 1 from ${publicityEntries} e where e.station = ${station}
               and e.status = 'published' and e.file_id = ${id}::uuid and e.period_start <= ${today}::date))`,
      ),
    );
  if (!row) throw HallError.notFound('附件不存在');
  return { ...attachmentView(row), content: row.content };
}
