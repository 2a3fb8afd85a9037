import { queryKey, type HallApp } from '@hall/platform';
import { Type } from 'typebox';
import { getPublicItem, getPublicItemVersion, listItems } from '../../domain/browse';
import { loadStationCatalog } from '../../domain/station-catalog';
import adminItemRoutes from './admin';
import {
  ItemPage,
  PowerTypeCode,
  PublicItem,
  ServiceObject,
  StationIdParams,
  StationParams,
  Uuid,
} from '../schemas';

/** 权力清单: browsing and searching published items, and their guides (办事指南). */
export default async function itemRoutes(app: HallApp) {
  const tags = ['items'];

  app.get(
    '/stations/:station/items',
    {
      schema: {
        tags,
        summary:
          '事项列表：按部门、按类别、服务对象、在线申报、关键字；分页并附各部门、各类别事项数',
        params: StationParams,
        querystring: Type.Object({
          department: Type.Optional(Uuid),
          powerType: Type.Optional(PowerTypeCode),
          serviceObject: Type.Optional(ServiceObject),
          online: Type.Optional(Type.Boolean({ description: '仅显示可以在线申报事项' })),
          q: Type.Optional(Type.String({ maxLength: 50, description: '关键字' })),
          page: Type.Integer({ minimum: 1, maximum: 10000, default: 1 }),
          pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
        }),
        response: { 200: ItemPage },
      },
    },
    async (request) => {
      const { station } = request.params;
      const { page, pageSize, ...filters } = request.query;
      // The same for every citizen: a page recently answered, or computed from the station's
      // catalog in memory, while nothing has changed (ADR 16, 18); from SQL when turned off.
      const { itemPages, stationCatalogs } = app.catalog;
      if (!stationCatalogs.enabled)
        return app.database.withStation(station, (tx) =>
          listItems(tx, station, filters, { page, pageSize }),
        );
      return itemPages.get(station, queryKey(request.query), async () => {
        const catalog = await stationCatalogs.get(station, 'listed', () =>
          app.database.withStation(station, (tx) => loadStationCatalog(tx, station)),
        );
        return catalog.list(filters, { page, pageSize });
      });
    },
  );

  app.get(
    '/stations/:station/items/:id',
    {
      schema: {
        tags,
        summary: '办事指南（当前发布版本）',
        params: StationIdParams,
        response: { 200: PublicItem },
      },
    },
    async (request) => {
      const { station, id } = request.params;
      return app.database.withStation(station, (tx) => getPublicItem(tx, station, id));
    },
  );

  app.get(
    '/stations/:station/items/:id/versions/:version',
    {
      schema: {
        tags,
        summary: '事项的某一已发布版本（办件填写时所依据的版本）',
        params: Type.Object({
          ...StationIdParams.properties,
          version: Type.Integer({ minimum: 1, maximum: 1000000 }),
        }),
        response: { 200: PublicItem },
      },
    },
    async (request) => {
      const { station, id, version } = request.params;
      return app.database.withStation(station, (tx) =>
        getPublicItemVersion(tx, station, id, version),
      );
    },
  );

  await app.register(adminItemRoutes);
}
