import { queryKey, type HallApp } from '@hall/platform';
import { Type } from 'typebox';
import { announcementDepartments, listAnnouncements } from '../../domain/announcement-list';
import { requireStation } from '../../domain/stations';
import { AnnouncementPage, AnnouncementQuery, StationParams, Uuid } from '../schemas';

/** 办件公告: every application of the station, from submissions' events. */
export default async function announcementRoutes(app: HallApp) {
  const deps = app.publicity;
  const tags = ['办件公告'];

  app.get(
    '/stations/:station/announcements',
    {
      schema: {
        tags,
        summary:
          '办件公告：按提交时间由新到旧；可按受理部门、受理日期（起止，含）、事项名称关键字或申办流水号筛选',
        params: StationParams,
        querystring: AnnouncementQuery,
        response: { 200: AnnouncementPage },
      },
    },
    async (request) => {
      const { station } = request.params;
      const { page, pageSize, ...filters } = request.query;
      // The same for every citizen: answered from the recent pages until the next event.
      return deps.announcementPages.get(station, queryKey(request.query), () =>
        deps.database.withStation(station, (tx) =>
          listAnnouncements(tx, station, filters, { page, pageSize }),
        ),
      );
    },
  );

  app.get(
    '/stations/:station/announcements/departments',
    {
      schema: {
        tags,
        summary: '办件公告的受理部门（筛选用）',
        params: StationParams,
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ id: Uuid, name: Type.String() })) }),
        },
      },
    },
    async (request) => {
      const { station } = request.params;
      return deps.database.withStation(station, async (tx) => {
        await requireStation(tx, station);
        return { items: await announcementDepartments(tx, station) };
      });
    },
  );
}
