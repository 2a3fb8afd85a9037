import type { HallApp } from '@hall/platform';
import { Type, type Static } from 'typebox';
import { queryAudit } from '../../domain/audit-query';
import { StationKey } from '../schemas';

const Filter = Type.Object({
  event: Type.Optional(Type.String({ maxLength: 64 })),
  outcome: Type.Optional(Type.Union([Type.Literal('success'), Type.Literal('failure')])),
  actorId: Type.Optional(Type.String({ format: 'uuid' })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  before: Type.Optional(Type.String({ format: 'uuid' })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});

const AuditPage = Type.Object({
  entries: Type.Array(
    Type.Object({
      id: Type.String(),
      at: Type.String(),
      station: Type.Union([Type.String(), Type.Null()]),
      event: Type.String(),
      outcome: Type.String(),
      actorKind: Type.Union([Type.String(), Type.Null()]),
      actorId: Type.Union([Type.String(), Type.Null()]),
      actorName: Type.Union([Type.String(), Type.Null()]),
      targetKind: Type.Union([Type.String(), Type.Null()]),
      targetId: Type.Union([Type.String(), Type.Null()]),
      ip: Type.Union([Type.String(), Type.Null()]),
      details: Type.Record(Type.String(), Type.Unknown()),
    }),
  ),
  nextBefore: Type.Union([Type.String(), Type.Null()]),
});

const filterOf = (q: Static<typeof Filter>) => ({
  ...q,
  from: q.from ? new Date(q.from) : undefined,
  to: q.to ? new Date(q.to) : undefined,
});

/** 审计日志: a station's admins read their station's; operators read all. */
export default async function auditRoutes(app: HallApp) {
  const tags = ['audit'];

  app.get(
    '/stations/:station/audit',
    {
      preHandler: app.guard.staffOrOperator(['station_admin'], { stationParam: 'station' }),
      schema: {
        tags,
        summary: '站点审计日志',
        params: Type.Object({ station: StationKey }),
        querystring: Filter,
        response: { 200: AuditPage },
      },
    },
    async (request) =>
      queryAudit(app.identity, { station: request.params.station }, filterOf(request.query)),
  );

  app.get(
    '/audit',
    {
      preHandler: app.guard.operator,
      schema: {
        tags,
        summary: '全平台审计日志',
        querystring: Type.Object({ ...Filter.properties, station: Type.Optional(StationKey) }),
        response: { 200: AuditPage },
      },
    },
    async (request) =>
      queryAudit(
        app.identity,
        { all: true, station: request.query.station },
        filterOf(request.query),
      ),
  );
}
