import { queryKey, type HallApp, type Tx } from '@hall/platform';
import { Type } from 'typebox';
import {
  announcementDepartments,
  listAnnouncements,
  matchAnnouncements,
  pageOfMatches,
} from '../../domain/announcement-list';
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
      const paging = { page, pageSize };
      const matches = deps.announcementMatches;
      const filterKey = queryKey(filters);
      const read = <T>(work: (tx: Tx) => Promise<T>) => deps.database.withStation(station, work);
      // The same for every citizen: answered from the recent pages until the next event. A page
      // not among them is cut from its filter's matches (ADR 19), read once someone pages past
      // the first: a first page alone reads as cheaply by itself, often more so. Its rows are
      // read together with other requests' while the service is busy (ADR 20).
      return deps.announcementPages.get(station, queryKey(request.query), () =>
        matches.enabled && (page > 1 || matches.holds(station, filterKey))
          ? pageOfMatches(
              paging,
              () =>
                matches.get(station, filterKey, () =>
                  read((tx) => matchAnnouncements(tx, station, filters)),
                ),
              (ids) => deps.announcementRows.rows(station, ids),
            )
          : read((tx) => listAnnouncements(tx, station, filters, paging)),
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
