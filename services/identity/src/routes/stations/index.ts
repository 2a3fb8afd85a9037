import type { HallApp } from '@hall/platform';
import { Type } from 'typebox';
import {
  createStation,
  getStation,
  listStations,
  stationKinds,
  updateStation,
  viewOf,
} from '../../domain/stations';
import { metaOf } from '../../plugins/identity';
import { Station, StationKey } from '../schemas';

/** 站点: the station registry. Anyone may read enabled stations; operators manage them. */
export default async function stationRoutes(app: HallApp) {
  const tags = ['stations'];

  app.get(
    '/stations',
    {
      schema: {
        tags,
        summary: '站点列表',
        querystring: Type.Object({
          includeDisabled: Type.Optional(
            Type.Boolean({ description: '含已停用站点（仅平台运维）' }),
          ),
        }),
        response: { 200: Type.Object({ stations: Type.Array(Station) }) },
      },
    },
    async (request) => {
      const includeDisabled =
        request.query.includeDisabled === true && request.actor?.kind === 'operator';
      const rows = await listStations(app.identity, { includeDisabled });
      return { stations: rows.map(viewOf) };
    },
  );

  app.get(
    '/stations/:station',
    {
      schema: {
        tags,
        summary: '站点详情',
        params: Type.Object({ station: StationKey }),
        response: { 200: Station },
      },
    },
    async (request) =>
      viewOf(
        await getStation(app.identity, request.params.station, {
          includeDisabled: request.actor?.kind === 'operator',
        }),
      ),
  );

  app.post(
    '/stations',
    {
      preHandler: app.guard.operator,
      schema: {
        tags,
        summary: '新增站点',
        body: Type.Object({
          key: StationKey,
          name: Type.String({ minLength: 1, maxLength: 60 }),
          kind: Type.Union(stationKinds.map((k) => Type.Literal(k))),
          divisionCode: Type.Optional(Type.Union([Type.String({ maxLength: 6 }), Type.Null()])),
          parent: Type.Optional(Type.Union([StationKey, Type.Null()])),
          sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
        }),
        response: { 201: Station },
      },
    },
    async (request, reply) => {
      const row = await createStation(app.identity, request.body, request.actor!, metaOf(request));
      return reply.code(201).send(viewOf(row));
    },
  );

  app.patch(
    '/stations/:station',
    {
      preHandler: app.guard.operator,
      schema: {
        tags,
        summary: '修改、停用或启用站点',
        params: Type.Object({ station: StationKey }),
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
            enabled: Type.Optional(Type.Boolean()),
            sortOrder: Type.Optional(Type.Integer({ minimum: 0, maximum: 100000 })),
          },
          { minProperties: 1 },
        ),
        response: { 200: Station },
      },
    },
    async (request) =>
      viewOf(
        await updateStation(
          app.identity,
          request.params.station,
          request.body,
          request.actor!,
          metaOf(request),
        ),
      ),
  );
}
