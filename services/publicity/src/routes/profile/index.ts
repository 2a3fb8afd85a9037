import type { HallApp } from '@hall/platform';
import { saveProfile, stationProfile } from '../../domain/profile';
import { requireStation } from '../../domain/stations';
import { change, revisionFrom, withEtag } from '../../plugins/publicity';
import { Profile, ProfileBody, StationParams } from '../schemas';

/** 站点个性化: the station's banner, display name and contact footer. */
export default async function profileRoutes(app: HallApp) {
  const deps = app.publicity;

  app.get(
    '/stations/:station/profile',
    {
      schema: {
        tags: ['站点个性化'],
        summary: '站点的显示名称、横幅与联系信息',
        params: StationParams,
        response: { 200: Profile },
      },
    },
    async (request, reply) => {
      const { station } = request.params;
      const profile = await deps.database.withStation(station, async (tx) => {
        const { name } = await requireStation(tx, station);
        return stationProfile(tx, station, name);
      });
      return withEtag(reply, profile);
    },
  );

  app.put(
    '/admin/stations/:station/profile',
    {
      preHandler: app.guard.staff(['station_admin'], { stationParam: 'station' }),
      schema: {
        tags: ['站点个性化'],
        summary: '设置站点个性化（站点管理员；If-Match：修订号，首次为 0）',
        params: StationParams,
        body: ProfileBody,
        response: { 200: Profile },
      },
    },
    async (request, reply) => {
      const revision = revisionFrom(request);
      const profile = await change(deps, request, request.params.station, async (tx, ctx) => {
        const { name } = await requireStation(tx, ctx.station);
        return saveProfile(tx, ctx, name, revision, request.body);
      });
      return withEtag(reply, profile);
    },
  );
}
