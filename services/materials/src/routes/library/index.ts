import { HallError, type HallApp } from '@hall/platform';
import { Type } from 'typebox';
import { listLibrary, usedBytes } from '../../domain/files';
import { FileType, LibraryPage } from '../schemas';

/** 资料库: the files a citizen or unit uploaded before, to reuse in applications. */
export default async function libraryRoutes(app: HallApp) {
  const deps = app.materials;

  app.get(
    '/library',
    {
      preHandler: app.guard.citizen,
      schema: {
        tags: ['library'],
        summary: '我的资料库：以前上传的文件，最新的在前；可按名称关键字、类型筛选',
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 50, description: '名称关键字' })),
          type: Type.Optional(FileType),
          page: Type.Integer({ minimum: 1, maximum: 10000, default: 1 }),
          pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
        }),
        response: { 200: LibraryPage },
      },
    },
    async (request) => {
      // The citizen guard let only persons and units through; this narrows the type.
      const actor = request.actor;
      if (actor?.kind !== 'person' && actor?.kind !== 'unit') throw HallError.forbidden();
      const owner = { kind: actor.kind, id: actor.id };
      const { page, pageSize, q, type } = request.query;
      return deps.database.transaction(async (tx) => {
        const { items, total } = await listLibrary(tx, owner, { page, pageSize, q, type });
        return {
          items,
          total,
          page,
          pageSize,
          usedBytes: await usedBytes(tx, owner),
          quotaBytes: deps.config.MATERIALS_QUOTA_BYTES,
        };
      });
    },
  );
}
