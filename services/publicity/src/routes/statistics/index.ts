import type { HallApp } from '@hall/platform';
import { stationStatistics } from '../../domain/statistics';
import { requireStation } from '../../domain/stations';
import { Statistics, StationParams } from '../schemas';

/** The station's public statistics: the home page's figures and the console's charts. */
export default async function statisticsRoutes(app: HallApp) {
  const deps = app.publicity;
  app.get(
    '/stations/:station/statistics',
    {
      schema: {
        tags: ['统计'],
        summary: '办件统计：今日/本月受理与办结、按时办结率、满意度，近 30 日每日数据',
        params: StationParams,
        response: { 200: Statistics },
      },
    },
    async (request) => {
      const { station } = request.params;
      return deps.database.withStation(station, async (tx) => {
        await requireStation(tx, station);
        return stationStatistics(tx, station, deps.now());
      });
    },
  );
}
