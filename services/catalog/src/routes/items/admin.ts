import type { HallApp } from '@hall/platform';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { ItemDefinitionSchema } from '../../domain/definition';
import {
  createItem,
  discardDraft,
  getAdminItem,
  listAdminItems,
  publishItem,
  saveDraft,
  withdrawItem,
  type ItemHead as ItemHeadView,
} from '../../domain/items';
import { change, revisionFrom } from '../../plugins/catalog';
import { AdminItem, ItemHead, StationIdParams, StationParams, Uuid } from '../schemas';

const withEtag = (reply: FastifyReply, head: ItemHeadView) => {
  void reply.header('etag', `"${head.revision}"`);
  return head;
};

/**
 * 事项维护: editors and station admins of the station create items, edit drafts, publish and
 * withdraw; every change is audited. Changes may carry If-Match (the revision loaded); saving a
 * draft must.
 */
export default async function adminItemRoutes(app: HallApp) {
  const tags = ['items (staff)'];
  const editors = app.guard.staff(['editor', 'station_admin'], { stationParam: 'station' });
  const readers = app.guard.staffOrOperator(['editor', 'station_admin'], {
    stationParam: 'station',
  });

  app.get(
    '/stations/:station/admin/items',
    {
      preHandler: readers,
      schema: {
        tags,
        summary: '全部事项及其状态、版本',
        params: StationParams,
        querystring: Type.Object({
          status: Type.Optional(
            Type.Union(
              [
                Type.Literal('draft'),
                Type.Literal('published'),
                Type.Literal('withdrawn'),
                Type.Literal('changed'),
              ],
              { description: 'changed：已发布或已下架且有未发布的草稿' },
            ),
          ),
          department: Type.Optional(Uuid),
          q: Type.Optional(Type.String({ maxLength: 50 })),
          page: Type.Integer({ minimum: 1, maximum: 10000, default: 1 }),
          pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
        }),
        response: {
          200: Type.Object({
            items: Type.Array(ItemHead),
            total: Type.Integer(),
            page: Type.Integer(),
            pageSize: Type.Integer(),
          }),
        },
      },
    },
    async (request) => {
      const { station } = request.params;
      return app.database.withStation(station, (tx) => listAdminItems(tx, station, request.query));
    },
  );

  app.post(
    '/stations/:station/admin/items',
    {
      preHandler: editors,
      schema: {
        tags,
        summary: '新增事项（第1版草稿）',
        params: StationParams,
        body: ItemDefinitionSchema,
        response: { 201: ItemHead },
      },
    },
    async (request, reply) => {
      const { station } = request.params;
      const head = await change(app.catalog, request, station, (tx, ctx) =>
        createItem(tx, ctx, request.body),
      );
      return reply.code(201).send(withEtag(reply, head));
    },
  );

  app.get(
    '/stations/:station/admin/items/:id',
    {
      preHandler: readers,
      schema: {
        tags,
        summary: '事项详情：草稿、已发布版本与版本列表',
        params: StationIdParams,
        response: { 200: AdminItem },
      },
    },
    async (request, reply) => {
      const { station, id } = request.params;
      const item = await app.database.withStation(station, (tx) => getAdminItem(tx, station, id));
      void reply.header('etag', `"${item.revision}"`);
      return item;
    },
  );

  app.put(
    '/stations/:station/admin/items/:id/draft',
    {
      preHandler: editors,
      schema: {
        tags,
        summary: '保存草稿（无草稿时以此新建下一版本）；须带 If-Match 修订号',
        params: StationIdParams,
        headers: Type.Object({ 'if-match': Type.Optional(Type.String()) }),
        body: ItemDefinitionSchema,
        response: { 200: ItemHead },
      },
    },
    async (request, reply) => {
      const { station, id } = request.params;
      const revision = revisionFrom(request, { required: true });
      const head = await change(app.catalog, request, station, (tx, ctx) =>
        saveDraft(tx, ctx, id, request.body, { revision }),
      );
      return withEtag(reply, head);
    },
  );

  app.delete(
    '/stations/:station/admin/items/:id/draft',
    {
      preHandler: editors,
      schema: { tags, summary: '放弃草稿', params: StationIdParams, response: { 200: ItemHead } },
    },
    async (request, reply) => {
      const { station, id } = request.params;
      const revision = revisionFrom(request);
      const head = await change(app.catalog, request, station, (tx, ctx) =>
        discardDraft(tx, ctx, id, { revision }),
      );
      return withEtag(reply, head);
    },
  );

  app.post(
    '/stations/:station/admin/items/:id/publish',
    {
      preHandler: editors,
      schema: {
        tags,
        summary: '发布草稿（已下架且无草稿时重新上架）',
        params: StationIdParams,
        response: { 200: ItemHead },
      },
    },
    async (request, reply) => {
      const { station, id } = request.params;
      const revision = revisionFrom(request);
      const head = await change(app.catalog, request, station, (tx, ctx) =>
        publishItem(tx, ctx, id, { revision }),
      );
      return withEtag(reply, head);
    },
  );

  app.post(
    '/stations/:station/admin/items/:id/withdraw',
    {
      preHandler: editors,
      schema: { tags, summary: '下架', params: StationIdParams, response: { 200: ItemHead } },
    },
    async (request, reply) => {
      const { station, id } = request.params;
      const revision = revisionFrom(request);
      const head = await change(app.catalog, request, station, (tx, ctx) =>
        withdrawItem(tx, ctx, id, { revision }),
      );
      return withEtag(reply, head);
    },
  );
}
