import type { HallApp } from '@hall/platform';
import { Type } from 'typebox';
import {
  actOnNotice,
  createNotice,
  deleteNotice,
  latestNotices,
  publishedNotice,
  publishedNotices,
  staffNotice,
  staffNotices,
  updateNotice,
  type NoticeAction as Action,
} from '../../domain/notices';
import { requireStation } from '../../domain/stations';
import { change, revisionFrom, withEtag } from '../../plugins/publicity';
import {
  Notice,
  NoticeAction,
  NoticeBody,
  NoticePage,
  PublicListQuery,
  PublicNotice,
  PublicNoticePage,
  PublicNoticeSummary,
  StaffListQuery,
  StationIdParams,
  StationParams,
  Uuid,
} from '../schemas';

/** 通知公告: the public reads published notices; a station's editors write them. */
export default async function noticeRoutes(app: HallApp) {
  const deps = app.publicity;
  const editors = app.guard.staff(['editor', 'station_admin'], { stationParam: 'station' });
  const tags = ['通知公告'];
  const staffTags = ['通知公告（工作人员）'];

  app.get(
    '/stations/:station/notices',
    {
      schema: {
        tags,
        summary: '已发布的通知公告：置顶在前，其余按发布时间由新到旧；可按关键字检索',
        params: StationParams,
        querystring: PublicListQuery,
        response: { 200: PublicNoticePage },
      },
    },
    async (request) => {
      const { station } = request.params;
      const { q, page, pageSize } = request.query;
      return deps.database.withStation(station, async (tx) => {
        await requireStation(tx, station);
        return publishedNotices(tx, station, q, { page, pageSize });
      });
    },
  );

  app.get(
    '/stations/:station/notices/latest',
    {
      schema: {
        tags,
        summary: '首页的通知公告：列表的前 limit 条',
        params: StationParams,
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 20, default: 5 }) }),
        response: { 200: Type.Object({ items: Type.Array(PublicNoticeSummary) }) },
      },
    },
    async (request) => {
      const { station } = request.params;
      return deps.database.withStation(station, async (tx) => {
        await requireStation(tx, station);
        return { items: await latestNotices(tx, station, request.query.limit) };
      });
    },
  );

  app.get(
    '/stations/:station/notices/:id',
    {
      schema: {
        tags,
        summary: '通知公告详情（仅已发布）',
        params: StationIdParams,
        response: { 200: PublicNotice },
      },
    },
    async (request) => {
      const { station, id } = request.params;
      return deps.database.withStation(station, async (tx) => {
        await requireStation(tx, station);
        return publishedNotice(tx, station, id);
      });
    },
  );

  app.get(
    '/admin/stations/:station/notices',
    {
      preHandler: editors,
      schema: {
        tags: staffTags,
        summary: '本站全部通知公告（含草稿），最近修改在前',
        params: StationParams,
        querystring: StaffListQuery,
        response: { 200: NoticePage },
      },
    },
    async (request) => {
      const { station } = request.params;
      const { status, q, page, pageSize } = request.query;
      return deps.database.withStation(station, (tx) =>
        staffNotices(tx, station, { status, q }, { page, pageSize }),
      );
    },
  );

  app.post(
    '/admin/stations/:station/notices',
    {
      preHandler: editors,
      schema: {
        tags: staffTags,
        summary: '新建通知公告（草稿）',
        params: StationParams,
        body: NoticeBody,
        response: { 201: Notice },
      },
    },
    async (request, reply) => {
      const notice = await change(deps, request, request.params.station, (tx, ctx) =>
        createNotice(tx, ctx, request.body),
      );
      return reply.code(201).send(withEtag(reply, notice));
    },
  );

  app.get(
    '/admin/stations/:station/notices/:id',
    {
      preHandler: editors,
      schema: {
        tags: staffTags,
        summary: '通知公告（含草稿）',
        params: StationIdParams,
        response: { 200: Notice },
      },
    },
    async (request, reply) => {
      const { station, id } = request.params;
      return withEtag(
        reply,
        await deps.database.withStation(station, (tx) => staffNotice(tx, station, id)),
      );
    },
  );

  app.put(
    '/admin/stations/:station/notices/:id',
    {
      preHandler: editors,
      schema: {
        tags: staffTags,
        summary: '修改通知公告（If-Match：修订号）',
        params: StationIdParams,
        body: NoticeBody,
        response: { 200: Notice },
      },
    },
    async (request, reply) => {
      const revision = revisionFrom(request);
      const notice = await change(deps, request, request.params.station, (tx, ctx) =>
        updateNotice(tx, ctx, request.params.id, revision, request.body),
      );
      return withEtag(reply, notice);
    },
  );

  app.delete(
    '/admin/stations/:station/notices/:id',
    {
      preHandler: editors,
      schema: {
        tags: staffTags,
        summary: '删除未发布的通知公告（If-Match）',
        params: StationIdParams,
      },
    },
    async (request, reply) => {
      const revision = revisionFrom(request);
      await change(deps, request, request.params.station, (tx, ctx) =>
        deleteNotice(tx, ctx, request.params.id, revision),
      );
      return reply.code(204).send();
    },
  );

  app.post(
    '/admin/stations/:station/notices/:id/:action',
    {
      preHandler: editors,
      schema: {
        tags: staffTags,
        summary: '发布（publish）、撤回（unpublish）、置顶（pin）、取消置顶（unpin）（If-Match）',
        params: Type.Object({
          station: StationParams.properties.station,
          id: Uuid,
          action: NoticeAction,
        }),
        response: { 200: Notice },
      },
    },
    async (request, reply) => {
      const revision = revisionFrom(request);
      const notice = await change(deps, request, request.params.station, (tx, ctx) =>
        actOnNotice(tx, ctx, request.params.id, revision, request.params.action as Action),
      );
      return withEtag(reply, notice);
    },
  );
}
