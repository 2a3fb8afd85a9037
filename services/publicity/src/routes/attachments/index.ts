import { HallError, type HallApp } from '@hall/platform';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import {
  allowedExtensions,
  publicFile,
  staffFile,
  storeAttachment,
  type StoredFile,
} from '../../domain/attachments';
import { requireStation } from '../../domain/stations';
import { change } from '../../plugins/publicity';
import { Attachment, StationIdParams, StationParams } from '../schemas';

/** RFC 6266 / 5987: an ASCII fallback and the exact UTF-8 name. */
export function contentDisposition(fileName: string, inline = false): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${inline ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** Send a stored file: our content type, its name, and nothing a browser could run. */
export function sendFile(reply: FastifyReply, file: StoredFile, inline: boolean, cache: string) {
  return reply
    .header('content-type', file.contentType)
    .header('content-length', String(file.size))
    .header('content-disposition', contentDisposition(file.fileName, inline))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('etag', `"${file.sha256}"`)
    .header('cache-control', cache)
    .send(Buffer.from(file.content.buffer, file.content.byteOffset, file.content.byteLength));
}

/** A size limit as people read it: 20 MB, 512 KB. */
function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / 1024 / 1024} MB`
    : `${Math.floor(bytes / 1024)} KB`;
}

export const DownloadQuery = Type.Object({
  inline: Type.Optional(Type.Boolean({ description: 'true：在线查看（inline），否则下载' })),
});

/** Files of notices and 办件公示: staff upload them; the public downloads what is published. */
export default async function attachmentRoutes(app: HallApp) {
  const deps = app.publicity;
  const editors = app.guard.staff(['editor', 'station_admin'], { stationParam: 'station' });
  const maxBytes = deps.config.ATTACHMENT_MAX_BYTES;

  app.post(
    '/admin/stations/:station/attachments',
    {
      preHandler: editors,
      schema: {
        tags: ['附件（工作人员）'],
        summary: `上传附件或正文图片（multipart 字段 file；类型 ${allowedExtensions.join('、')}）`,
        params: StationParams,
        consumes: ['multipart/form-data'],
        response: { 201: Attachment },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart())
        throw new HallError(415, 'unsupported_media_type', '请以 multipart/form-data 上传文件');
      const part = await request.file({ limits: { fileSize: maxBytes, files: 1 } });
      if (!part)
        throw HallError.validation([
          { field: 'file', code: 'attachment.missing', message: '请选择要上传的文件' },
        ]);
      // Read in chunks; busboy stops at the limit and marks the stream truncated.
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
      const stored = await change(deps, request, request.params.station, (tx, ctx) =>
        storeAttachment(tx, ctx, { fileName: part.filename, content: Buffer.concat(chunks) }),
      );
      return reply.code(201).send(stored);
    },
  );

  app.get(
    '/admin/stations/:station/attachments/:id',
    {
      preHandler: editors,
      schema: {
        tags: ['附件（工作人员）'],
        summary: '下载本站任一附件（含草稿引用的）',
        params: StationIdParams,
        querystring: DownloadQuery,
      },
    },
    async (request, reply) => {
      const { station, id } = request.params;
      const file = await deps.database.withStation(station, (tx) => staffFile(tx, station, id));
      return sendFile(reply, file, request.query.inline === true, 'private, no-store');
    },
  );

  app.get(
    '/stations/:station/attachments/:id',
    {
      schema: {
        tags: ['附件'],
        summary: '下载已发布的通知公告的附件或图片、公示期已开始的办件公示文件',
        params: StationIdParams,
        querystring: DownloadQuery,
      },
    },
    async (request, reply) => {
      const { station, id } = request.params;
      const file = await deps.database.withStation(station, async (tx) => {
        await requireStation(tx, station);
        return publicFile(tx, station, id, deps.now());
      });
      // Short: unpublishing a notice must stop its files being served soon after.
      return sendFile(reply, file, request.query.inline === true, 'public, max-age=300');
    },
  );
}
