import { loadFromPublicity, requireStationStaff } from '$lib/server/publicity';
import type { PageServerLoad } from './$types';

/** 0.8765 → 87.7%; no completions or evaluations yet → —. */
const percent = (share: number | null): string =>
  share === null ? '—' : `${(share * 100).toFixed(1)}%`;

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
    counts: [
      { label: '受理', ...stats.received },
      { label: '办结', ...stats.completed },
    ],
    rates: [
      {
        label: '按时办结率',
        month: percent(onTime.month.rate),
        monthBasis: `本月办结 ${onTime.month.completed} 件，按时 ${onTime.month.onTime} 件`,
        total: percent(onTime.total.rate),
        totalBasis: `累计办结 ${onTime.total.completed} 件，按时 ${onTime.total.onTime} 件`,
      },
      {
        label: '满意率',
        month: percent(satisfaction.month.satisfiedShare),
        monthBasis: `本月评价 ${satisfaction.month.evaluations} 条${
          satisfaction.month.meanLevel === null
            ? ''
            : `，平均 ${satisfaction.month.meanLevel.toFixed(1)} 分`
        }`,
        total: percent(satisfaction.total.satisfiedShare),
        totalBasis: `累计评价 ${satisfaction.total.evaluations} 条${
          satisfaction.total.meanLevel === null
            ? ''
            : `，平均 ${satisfaction.total.meanLevel.toFixed(1)} 分`
        }`,
      },
    ],
    daily: stats.daily,
  };
};
