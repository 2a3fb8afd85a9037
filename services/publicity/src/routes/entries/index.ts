import type { HallApp } from '@hall/platform';
import { Type } from 'typebox';
import { staffFile } from '../../domain/attachments';
import {
  actOnEntry,
  createEntry,
  deleteEntry,
  staffEntries,
  staffEntry,
  updateEntry,
  visibleEntries,
  visibleEntry,
  visibleEntryFileId,
  type EntryAction as Action,
} from '../../domain/entries';
import { requireStation } from '../../domain/stations';
import { catalogDepartment } from '../../nats/catalog';
import { change, revisionFrom, withEtag } from '../../plugins/publicity';
import { DownloadQuery, sendFile } from '../attachments';
import {
  Entry,
  EntryAction,
  EntryBody,
  EntryPage,
  PublicEntry,
  PublicEntryPage,
  PublicListQuery,
  StaffListQuery,
  StationIdParams,
  StationParams,
  Uuid,
} from '../schemas';

/** 办件公示: staff put results up for public notice; the public reads and downloads them. */
export default async function entryRoutes(app: HallApp) {
  const deps = app.publicity;
  const editors = app.guard.staff(['editor', 'station_admin'], { stationParam: 'station' });
  const tags = ['办件公示'];
  const staffTags = ['办件公示（工作人员）'];

  app.get(
    '/stations/:station/publicity',
    {
      schema: {
        tags,
        summary: '办件公示：已发布且公示期已开始的，按公示开始日期由新到旧；可按关键字检索',
        params: StationParams,
        querystring: PublicListQuery,
        response: { 200: PublicEntryPage },
      },
    },
    async (request) => {
      const { station } = request.params;
      const { q, page, pageSize } = request.query;
      return deps.database.withStation(station, async (tx) => {
        await requireStation(tx, station);
        return visibleEntries(tx, station, q, { page, pageSize }, deps.now());
      });
    },
  );

  app.get(
    '/stations/:station/publicity/:id',
    {
      schema: {
        tags,
        summary: '办件公示详情',
        params: StationIdParams,
        response: { 200: PublicEntry },
      },
    },
    async (request) => {
      const { station, id } = request.params;
      return deps.database.withStation(station, async (tx) => {
        await requireStation(tx, station);
        return visibleEntry(tx, station, id, deps.now());
      });
    },
  );

  app.get(
    '/stations/:station/publicity/:id/file',
    {
      schema: {
        tags,
        summary: '【下载】公示详情文件（inline=true 在线查看）',
        params: StationIdParams,
        querystring: DownloadQuery,
      },
    },
    async (request, reply) => {
      const { station, id } = request.params;
      const file = await deps.database.withStation(station, async (tx) => {
        await requireStation(tx, station);
        return staffFile(tx, station, await visibleEntryFileId(tx, station, id, deps.now()));
      });
      return sendFile(reply, file, request.query.inline === true, 'public, max-age=300');
    },
  );

  app.get(
    '/admin/stations/:station/publicity',
    {
      preHandler: editors,
      schema: {
        tags: staffTags,
        summary: '本站全部办件公示（含草稿），最近修改在前',
        params: StationParams,
        querystring: StaffListQuery,
        response: { 200: EntryPage },
      },
    },
    async (request) => {
      const { station } = request.params;
      const { status, q, page, pageSize } = request.query;
      return deps.database.withStation(station, (tx) =>
        staffEntries(tx, station, { status, q }, { page, pageSize }, deps.now()),
      );
    },
  );

  app.post(
    '/admin/stations/:station/publicity',
    {
      preHandler: editors,
      schema: {
        tags: staffTags,
        summary: '新建办件公示（草稿）',
        params: StationParams,
        body: EntryBody,
        response: { 201: Entry },
      },
    },
    async (request, reply) => {
      const { station } = request.params;
      const department = await catalogDepartment(deps, station, request.body.departmentId);
      const entry = await change(deps, request, station, (tx, ctx) =>
        createEntry(tx, ctx, request.body, department),
      );
      return reply.code(201).send(withEtag(reply, entry));
    },
  );

  app.get(
    '/admin/stations/:station/publicity/:id',
    {
      preHandler: editors,
      schema: {
        tags: staffTags,
        summary: '办件公示（含草稿）',
        params: StationIdParams,
        response: { 200: Entry },
      },
    },
    async (request, reply) => {
      const { station, id } = request.params;
      return withEtag(
        reply,
        await deps.database.withStation(station, (tx) => staffEntry(tx, station, id, deps.now())),
      );
    },
  );

  app.put(
    '/admin/stations/:station/publicity/:id',
    {
      preHandler: editors,
      schema: {
        tags: staffTags,
        summary: '修改办件公示（If-Match：修订号）',
        params: StationIdParams,
        body: EntryBody,
        response: { 200: Entry },
      },
    },
    async (request, reply) => {
      const { station, id } = request.params;
      const revision = revisionFrom(request);
      const department = await catalogDepartment(deps, station, request.body.departmentId);
      const entry = await change(deps, request, station, (tx, ctx) =>
        updateEntry(tx, ctx, id, revision, request.body, department),
      );
      return withEtag(reply, entry);
    },
  );

  app.delete(
    '/admin/stations/:station/publicity/:id',
    {
      preHandler: editors,
      schema: {
        tags: staffTags,
        summary: '删除未发布的办件公示（If-Match）',
        params: StationIdParams,
      },
    },
    async (request, reply) => {
      const revision = revisionFrom(request);
      await change(deps, request, request.params.station, (tx, ctx) =>
        deleteEntry(tx, ctx, request.params.id, revision),
      );
      return reply.code(204).send();
    },
  );

  app.post(
    '/admin/stations/:station/publicity/:id/:action',
    {
      preHandler: editors,
      schema: {
        tags: staffTags,
        summary: '发布（publish）或撤回（unpublish）（If-Match）',
        params: Type.Object({
          station: StationParams.properties.station,
          id: Uuid,
          action: EntryAction,
        }),
        response: { 200: Entry },
      },
    },
    async (request, reply) => {
      const revision = revisionFrom(request);
      const entry = await change(deps, request, request.params.station, (tx, ctx) =>
        actOnEntry(tx, ctx, request.params.id, revision, request.params.action as Action),
      );
      return withEtag(reply, entry);
    },
  );
}
