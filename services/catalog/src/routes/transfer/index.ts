import { HallError, problemOf, type HallApp } from '@hall/platform';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  exportCatalog,
  IMPORT_MAX_BYTES,
  importCatalog,
  ImportRejected,
  readWorkbook,
  XLSX_CONTENT_TYPE,
} from '../../domain/import-export';
import { change } from '../../plugins/catalog';
import { contentDisposition } from '../attachments';
import { StationParams } from '../schemas';

const MAX_MB = IMPORT_MAX_BYTES / 1024 / 1024;

const tooLarge = () =>
  new HallError(413, 'import_too_large', '工作簿过大', {
    detail: `导入的工作簿不能超过 ${MAX_MB} MB，请分批导入`,
    errors: [{ field: 'file', code: 'import.size', message: `工作簿不能超过 ${MAX_MB} MB` }],
  });

/** The uploaded file: multipart field `file`, or the request body itself. */
async function uploaded(request: FastifyRequest): Promise<Buffer> {
  if (request.isMultipart()) {
    const part = await request.file({ limits: { fileSize: IMPORT_MAX_BYTES, files: 1 } });
    if (!part)
      throw HallError.validation([
        { field: 'file', code: 'import.missing', message: '请选择要导入的 Excel 工作簿' },
      ]);
    const chunks: Buffer[] = [];
    for await (const chunk of part.file) chunks.push(chunk as Buffer);
    if (part.file.truncated) throw tooLarge();
    return Buffer.concat(chunks);
  }
  if (Buffer.isBuffer(request.body) && request.body.length > 0) return request.body;
  throw HallError.validation([
    { field: 'file', code: 'import.missing', message: '请选择要导入的 Excel 工作簿' },
  ]);
}

/**
 * 导入导出: a station's catalog as staff keep it in Excel. Export for editors and station admins
 * (and operators); import for editors and station admins, all rows or nothing.
 */
export default async function transferRoutes(app: HallApp) {
  const tags = ['import/export (staff)'];
  const editors = app.guard.staff(['editor', 'station_admin'], { stationParam: 'station' });
  const readers = app.guard.staffOrOperator(['editor', 'station_admin'], {
    stationParam: 'station',
  });

  // A workbook may also be the request body itself; CSV and .xls are taken in only to be
  // refused with a message that says what to do.
  app.addContentTypeParser(
    [XLSX_CONTENT_TYPE, 'application/octet-stream', 'text/csv', 'application/vnd.ms-excel'],
    { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.get(
    '/stations/:station/admin/export',
    {
      preHandler: readers,
      schema: {
        tags,
        summary: '导出本站点权力清单：xlsx（部门、事项、材料）或 csv（事项，UTF-8 带 BOM）',
        params: StationParams,
        querystring: Type.Object({
          format: Type.Union([Type.Literal('xlsx'), Type.Literal('csv')], { default: 'xlsx' }),
        }),
      },
    },
    async (request, reply) => {
      const { station } = request.params;
      const file = await app.database.withStation(station, (tx) =>
        exportCatalog(tx, station, request.query.format, app.catalog.now()),
      );
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition(file.fileName))
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .send(file.content);
    },
  );

  app.post(
    '/stations/:station/admin/import',
    {
      preHandler: editors,
      bodyLimit: IMPORT_MAX_BYTES,
      schema: {
        tags,
        summary: `导入 Excel 工作簿（.xlsx，multipart 字段 file，最大 ${MAX_MB} MB）：全部行无误才导入，否则不做任何修改并列出每一处问题`,
        params: StationParams,
        querystring: Type.Object({
          publish: Type.Boolean({ default: false, description: '导入后直接发布' }),
        }),
        consumes: ['multipart/form-data', XLSX_CONTENT_TYPE],
      },
    },
    async (request, reply) => {
      const { station } = request.params;
      const workbook = await readWorkbook(await uploaded(request));
      try {
        return await change(app.catalog, request, station, (tx, ctx) =>
          importCatalog(tx, ctx, workbook, { publish: request.query.publish }),
        );
      } catch (err) {
        if (!(err instanceof ImportRejected)) throw err;
        // problem+json with the report as extension members: what was refused, and why.
        return reply
          .code(err.status)
          .type('application/problem+json; charset=utf-8')
          .send({
            ...problemOf(err, request.url.split('?')[0]),
            accepted: 0,
            rejected: err.rejected,
          });
      }
    },
  );
}
