import { createHash } from 'node:crypto';
import { HallError, type Tx } from '@hall/platform';
import { and, eq } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import { attachments } from '../db/schema';
import { audit } from './audit';
import type { ChangeContext } from './deps';

/** What blank forms and samples may be, by extension; the content type is ours, not the client's. */
export const attachmentTypes: Record<string, { contentType: string; magic: number[][] }> = {
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
  jpg: { contentType: 'image/jpeg', magic: [[0xff, 0xd8, 0xff]] },
  jpeg: { contentType: 'image/jpeg', magic: [[0xff, 0xd8, 0xff]] },
  png: { contentType: 'image/png', magic: [[0x89, 0x50, 0x4e, 0x47]] },
  zip: { contentType: 'application/zip', magic: [[0x50, 0x4b, 0x03, 0x04]] },
};

export const allowedExtensions = Object.keys(attachmentTypes);

export interface AttachmentView {
  id: string;
  station: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

const view = (row: typeof attachments.$inferSelect): AttachmentView => ({
  id: row.id,
  station: row.station,
  fileName: row.fileName,
  contentType: row.contentType,
  size: row.size,
  sha256: row.sha256,
  createdAt: row.createdAt.toISOString(),
});

/** A file name safe to store and to send back: no path, no control characters, not too long. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  return cleaned.length > 120 ? cleaned.slice(cleaned.length - 120) : cleaned;
}

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

const typeRefused = () =>
  new HallError(415, 'attachment_type_not_allowed', '文件类型不允许', {
    detail: `允许的类型：${allowedExtensions.join('、')}`,
    errors: [
      {
        field: 'file',
        code: 'attachment.type',
        message: `仅允许上传 ${allowedExtensions.join('、')} 文件`,
      },
    ],
  });

/** Store an uploaded blank form or sample after checking its name, type and content. */
export async function storeAttachment(
  tx: Tx,
  ctx: ChangeContext,
  input: { fileName: string; content: Buffer },
): Promise<AttachmentView> {
  const fileName = cleanFileName(input.fileName);
  const ext = extensionOf(fileName);
  const type = attachmentTypes[ext];
  if (!fileName || !type) throw typeRefused();
  if (input.content.length === 0)
    throw HallError.validation([{ field: 'file', code: 'attachment.empty', message: '文件为空' }]);
  const matches = type.magic.some((m) => m.every((byte, i) => input.content[i] === byte));
  if (!matches)
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
    .returning();
  await audit(
    tx,
    ctx,
    'catalog.attachment.uploaded',
    { kind: 'attachment', id },
    {
      fileName,
      size: input.content.length,
      sha256,
    },
  );
  return view(row!);
}

export async function getAttachment(tx: Tx, station: string, id: string) {
  const [row] = await tx
    .select()
    .from(attachments)
    .where(and(eq(attachments.station, station), eq(attachments.id, id)));
  if (!row) throw HallError.notFound('附件不存在');
  return { ...view(row), content: row.content };
}
