import { HallError, type HallApp } from '@hall/platform';
import { allowedExtensions, getAttachment, storeAttachment } from '../../domain/attachments';
import { requireStation } from '../../domain/stations';
import { change } from '../../plugins/catalog';
import { Attachment, StationIdParams, StationParams } from '../schemas';

/** RFC 6266 / 5987: an ASCII fallback and the exact UTF-8 name. */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** A size limit as people read it: 10 MB, 512 KB. */
function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / 1024 / 1024} MB`
    : `${Math.floor(bytes / 1024)} KB`;
}

/** Blank forms (空白表格) and samples (示例样表): staff upload them, anyone downloads them. */
export default async function attachmentRoutes(app: HallApp) {
  const tags = ['attachments'];
  const maxBytes = app.catalog.config.ATTACHMENT_MAX_BYTES;

  app.post(
    '/stations/:station/admin/attachments',
    {
      preHandler: app.guard.staff(['editor', 'station_admin'], { stationParam: 'station' }),
      schema: {
        tags,
        summary: `上传空白表格或示例样表（multipart 字段 file；类型 ${allowedExtensions.join('、')}）`,
        params: StationParams,
        consumes: ['multipart/form-data'],
        response: { 201: Attachment },
      },
    },
    async (request, reply) => {
      const { station } = request.params;
      if (!request.isMultipart())
        throw new HallError(415, 'unsupported_media_type', '请以 multipart/form-data 上传文件');
      const part = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
      if (!part)
        throw HallError.validation([
          { field: 'file', code: 'attachment.missing', message: '请选择要上传的文件' },
        ]);
      // Stream in chunks; busboy stops at the limit and marks the stream truncated.
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      if (part.file.truncated)
        throw new HallError(413, 'attachment_too_large', '文件过大', {
          detail: `单个文件不能超过 ${sizeText(maxBytes)}`,
          errors: [
            {
              field: 'file',
              code: 'attachment.size',
              message: `文件不能超过 ${sizeText(maxBytes)}`,
            },
          ],
        });
      const stored = await change(app.catalog, request, station, (tx, ctx) =>
        storeAttachment(tx, ctx, { fileName: part.filename, content: Buffer.concat(chunks) }),
      );
      return reply.code(201).send(stored);
    },
  );

  app.get(
    '/stations/:station/attachments/:id',
    {
      schema: { tags, summary: '下载空白表格或示例样表', params: StationIdParams },
    },
    async (request, reply) => {
      const { station, id } = request.params;
      const file = await app.database.withStation(station, async (tx) => {
        await requireStation(tx, station);
        return getAttachment(tx, station, id);
      });
      return reply
        .header('content-type', file.contentType)
        .header('content-length', String(file.size))
        .header('content-disposition', contentDisposition(file.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('etag', `"${file.sha256}"`)
        .header('cache-control', 'public, max-age=86400, immutable')
        .send(file.content);
    },
  );
}
