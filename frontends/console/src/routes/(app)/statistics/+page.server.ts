import type { OnTimeFigures, SatisfactionFigures } from '@hall/web/server';
import { loadFromPublicity, requireStationStaff } from '$lib/server/publicity';
import type { PageServerLoad } from './$types';

/** 0.8765 → 87.7%; no completions or evaluations yet → —. */
const percent = (share: number | null): string =>
  share === null ? '—' : `${(share * 100).toFixed(1)}%`;

/** A rate of 本月 or 累计, with the counts it is worked out from. */
const onTimeRate = (period: string, o: OnTimeFigures) => ({
  period,
  value: percent(o.rate),
  basis: `${period}办结 ${o.completed} 件，按时 ${o.onTime} 件`,
});

const satisfactionRate = (period: string, s: SatisfactionFigures) => ({
  period,
  value: percent(s.satisfiedShare),
  basis: `${period}评价 ${s.evaluations} 条${
    s.meanLevel === null ? '' : `，平均 ${s.meanLevel.toFixed(1)} 分`
  }`,
});

const counts = (label: string, c: { today: number; month: number; total: number }) => ({
  label,
  figures: [
    { period: '今日', value: String(c.today), basis: null },
    { period: '本月', value: String(c.month), basis: null },
    { period: '累计', value: String(c.total), basis: null },
  ],
});

/**
 * 办件统计: the station's figures (今日 / 本月 / 累计 受理 and 办结, 按时办结率, 满意率) and the last
 * 30 days as charts, from the publicity service's statistics (the same the portal's home page
 * shows). Any staff member of the station.
 */
export const load: PageServerLoad = async (event) => {
  const { station } = requireStationStaff(event);
  const stats = await loadFromPublicity(event, (api) => api.statistics(station));
  const { onTime, satisfaction } = stats;
  return {
    today: stats.today,
    groups: [
      counts('受理', stats.received),
      counts('办结', stats.completed),
      {
        label: '按时办结率',
        figures: [onTimeRate('本月', onTime.month), onTimeRate('累计', onTime.total)],
      },
      {
        label: '满意率',
        figures: [
          satisfactionRate('本月', satisfaction.month),
          satisfactionRate('累计', satisfaction.total),
        ],
      },
    ],
    daily: stats.daily,
  };
};
